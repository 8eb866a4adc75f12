"""The torch-free ONNX form of the embedding model computes what sentence-transformers does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sciagent.errors import ConfigError
from sciagent.index import bert_onnx, embedding

TEXTS = [
    "compute the molecular weight of a molecule",
    "x",
    "Bio.Seq.Seq.reverse_complement(self, inplace=False) -> Seq: the reverse complement",
    "SkyCoord.separation(other): on-sky separation between two coordinates " * 12,  # truncated
    "",
]


@pytest.fixture(scope="module")
def default_model() -> embedding.ModelRef:
    return embedding.resolve_model()


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory, default_model) -> Path:
    return embedding.ensure_export(tmp_path_factory.mktemp("index"), default_model)


def test_the_export_matches_sentence_transformers(export_dir: Path, default_model) -> None:
    st = pytest.importorskip("sentence_transformers")  # the dev environment has torch
    reference = st.SentenceTransformer(default_model.path, device="cpu").encode(
        TEXTS, normalize_embeddings=True, convert_to_numpy=True
    )
    vectors = embedding.OnnxEncoder(export_dir).encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    cosines = (reference * vectors).sum(1)
    assert cosines.min() >= 0.9999, cosines
    meta = json.loads((export_dir / "export.json").read_text())
    assert meta["builder"] == "sciagent.bert_onnx" and meta["check_cosine"] >= 0.9999
    assert meta["max_seq_length"] == 256


def test_the_export_imports_no_torch(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from sciagent.index import embedding\n"
        "m = embedding.resolve_model()\n"
        "d = embedding.ensure_export(Path(sys.argv[1]), m)\n"
        "v = embedding.load_encoder(Path(sys.argv[1]), m, export=False).encode(['a query'])\n"
        "print(v.shape, sorted(n for n in ('torch', 'sentence_transformers') if n in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "(1, 384) []"


def test_a_wrong_graph_is_refused_before_use(export_dir: Path, default_model, tmp_path) -> None:
    """The check compares with sentence-transformers' own vectors of the probes."""
    shutil.copytree(export_dir, tmp_path / "copy")
    reference = embedding._reference_vectors(default_model)
    assert reference is not None
    encoder = embedding.OnnxEncoder(tmp_path / "copy")
    assert embedding._check_against(reference, encoder, default_model) >= 0.9999
    with pytest.raises(ConfigError, match="disagrees"):
        embedding._check_against(reference[::-1].copy(), encoder, default_model)


def test_only_mean_pooled_bert_is_written_without_torch(tmp_path: Path, default_model) -> None:
    model = tmp_path / "model"
    shutil.copytree(default_model.path, model)
    config = json.loads((model / "config.json").read_text())
    (model / "config.json").write_text(json.dumps({**config, "model_type": "roberta"}))
    with pytest.raises(bert_onnx.UnsupportedModel, match="model_type is 'roberta'"):
        bert_onnx.sentence_config(model)
    (model / "config.json").write_text(json.dumps(config))
    pooling = model / "1_Pooling" / "config.json"
    pooling.write_text(
        json.dumps({"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True})
    )
    with pytest.raises(bert_onnx.UnsupportedModel, match="pooling_mode_mean_tokens"):
        bert_onnx.sentence_config(model)


def test_padding_does_not_change_a_vector(export_dir: Path) -> None:
    """A short text batched with a long one (padded) gets the vector it gets alone."""
    encoder = embedding.OnnxEncoder(export_dir)
    alone = encoder.encode(["reverse complement"])
    batched = encoder.encode(["reverse complement", "a much longer text " * 20], batch_size=2)
    assert np.allclose(alone[0], batched[0], atol=1e-5)
