"""A BERT sentence encoder written as an ONNX graph straight from its weights.

Why: the index embeds with onnxruntime, and the only other way to get an ONNX
file of the embedding model is ``torch.onnx.export``, which needs torch (750 MB
for the CPU build, several GB with CUDA, which is what a plain ``pip install``
brings).  A BERT encoder is a fixed, published computation (embeddings, N
blocks of self-attention and a GELU feed-forward, each closed by LayerNorm),
so the graph is written here op by op with ``onnx.helper`` and filled with the
``model.safetensors`` tensors as they are.  The result computes what
``transformers.BertModel`` computes, followed by sentence-transformers' mean
pooling and L2 normalisation, in fp32; :mod:`.embedding` checks it against
reference vectors before it is used.

Only the architecture sentence-transformers calls ``BertModel`` with absolute
positions and exact (erf) GELU is supported; anything else raises
:class:`UnsupportedModel` and the caller falls back to the torch export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

OPSET = 17  # LayerNormalization is an ONNX op from 17 on
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class UnsupportedModel(ValueError):
    """The model is not a mean-pooled BERT this builder can write."""


def sentence_config(model_dir: Path) -> dict[str, Any]:
    """What the graph needs to know, read from the model's own config files.

    Raises :class:`UnsupportedModel` naming the first setting it cannot honour.
    """
    config = _json(model_dir / "config.json")
    pooling = _json(model_dir / "1_Pooling" / "config.json")
    modules = _json(model_dir / "modules.json") if (model_dir / "modules.json").exists() else []
    st_config = model_dir / "sentence_bert_config.json"
    checks = {
        "model_type": (config.get("model_type"), "bert"),
        "hidden_act": (config.get("hidden_act"), "gelu"),
        "position_embedding_type": (config.get("position_embedding_type", "absolute"), "absolute"),
        "pooling_mode_mean_tokens": (pooling.get("pooling_mode_mean_tokens"), True),
    }
    for name, (found, wanted) in checks.items():
        if found != wanted:
            raise UnsupportedModel(f"{name} is {found!r}, the ONNX builder supports {wanted!r}")
    return {
        "hidden": int(config["hidden_size"]),
        "heads": int(config["num_attention_heads"]),
        "layers": int(config["num_hidden_layers"]),
        "eps": float(config.get("layer_norm_eps", 1e-12)),
        "normalize": any(str(m.get("type", "")).endswith("Normalize") for m in modules),
        "max_seq_length": int(_json(st_config).get("max_seq_length", 256))
        if st_config.exists()
        else 256,
    }


def build(model_dir: Path, out_file: Path) -> dict[str, Any]:
    """Write the encoder of ``model_dir`` to ``out_file``; the config it used."""
    import onnx
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    config = sentence_config(model_dir)
    weights = _strip_prefix(load_file(str(model_dir / "model.safetensors")))
    graph = _Graph(weights)
    hidden = graph.embeddings(config["eps"])
    for layer in range(config["layers"]):
        hidden = graph.block(hidden, f"encoder.layer.{layer}", config)
    output = graph.mean_pool(hidden, normalize=config["normalize"])
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in _INPUTS
    ]
    outputs = [
        helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", config["hidden"]])
    ]
    model = helper.make_model(
        helper.make_graph(graph.nodes, "sentence_encoder", inputs, outputs, graph.initializers),
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="sciagent",
    )
    onnx.checker.check_model(model)
    onnx.save_model(model, str(out_file))
    return config


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise UnsupportedModel(f"{path.name} is missing from {path.parent}") from None


def _strip_prefix(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``bert.embeddings...`` and ``embeddings...`` name the same tensors."""
    return {k.removeprefix("bert."): v for k, v in weights.items()}


class _Graph:
    """Nodes and initializers of the encoder, added in execution order."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    # -- plumbing ---------------------------------------------------------------

    def op(self, op_type: str, *inputs: str, **attrs: Any) -> str:
        from onnx import helper

        self._count += 1
        out = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def weight(self, name: str, *, transpose: bool = False) -> str:
        try:
            value = self.weights[name]
        except KeyError:
            raise UnsupportedModel(f"weight {name!r} is missing from model.safetensors") from None
        value = np.ascontiguousarray(value.T if transpose else value, dtype=np.float32)
        return self.const(name, value)

    def linear(self, x: str, prefix: str) -> str:
        product = self.op("MatMul", x, self.weight(f"{prefix}.weight", transpose=True))
        return self.op("Add", product, self.weight(f"{prefix}.bias"))

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        scale, bias = self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")
        return self.op("LayerNormalization", x, scale, bias, axis=-1, epsilon=eps)

    # -- the model ----------------------------------------------------------------

    def embeddings(self, eps: float) -> str:
        """Word + position + token-type embeddings, then LayerNorm; sets the attention bias."""
        words = self.op("Gather", self.weight("embeddings.word_embeddings.weight"), "input_ids")
        types = self.op(
            "Gather", self.weight("embeddings.token_type_embeddings.weight"), "token_type_ids"
        )
        length = self.op(
            "Gather", self.op("Shape", "input_ids"), self.const("one", np.array(1, np.int64))
        )
        positions = self.op(
            "Range",
            self.const("zero", np.array(0, np.int64)),
            length,
            "one",
        )
        position_emb = self.op(
            "Gather", self.weight("embeddings.position_embeddings.weight"), positions
        )
        summed = self.op("Add", self.op("Add", words, types), position_emb)
        self.mask = self.op("Cast", "attention_mask", to=1)  # float [batch, seq]
        # masked keys get the most negative float added to their scores, as BertModel does
        keys = self.op("Unsqueeze", self.mask, self.const("axes_1_2", np.array([1, 2], np.int64)))
        ones = self.const("fone", np.array(1.0, np.float32))
        lowest = self.const("lowest", np.array(np.finfo(np.float32).min, np.float32))
        self.attention_bias = self.op("Mul", self.op("Sub", ones, keys), lowest)
        return self.layer_norm(summed, "embeddings.LayerNorm", eps)

    def block(self, x: str, prefix: str, config: dict[str, Any]) -> str:
        """One encoder layer: self-attention and feed-forward, each with residual + LayerNorm."""
        heads, hidden = config["heads"], config["hidden"]
        head_dim = hidden // heads
        split = self.const(f"{prefix}.split", np.array([0, 0, heads, head_dim], np.int64))

        def heads_of(name: str, perm: list[int]) -> str:
            projected = self.linear(x, f"{prefix}.attention.self.{name}")
            return self.op("Transpose", self.op("Reshape", projected, split), perm=perm)

        query = heads_of("query", [0, 2, 1, 3])  # [batch, heads, seq, dim]
        key = heads_of("key", [0, 2, 3, 1])  # [batch, heads, dim, seq]
        value = heads_of("value", [0, 2, 1, 3])
        scale = self.const(f"{prefix}.scale", np.array(1.0 / np.sqrt(head_dim), np.float32))
        scores = self.op("Mul", self.op("MatMul", query, key), scale)
        probs = self.op("Softmax", self.op("Add", scores, self.attention_bias), axis=-1)
        context = self.op("Transpose", self.op("MatMul", probs, value), perm=[0, 2, 1, 3])
        merge = self.const(f"{prefix}.merge", np.array([0, 0, hidden], np.int64))
        attended = self.linear(
            self.op("Reshape", context, merge), f"{prefix}.attention.output.dense"
        )
        x = self.layer_norm(
            self.op("Add", attended, x), f"{prefix}.attention.output.LayerNorm", config["eps"]
        )
        inner = self.gelu(self.linear(x, f"{prefix}.intermediate.dense"))
        out = self.linear(inner, f"{prefix}.output.dense")
        return self.layer_norm(self.op("Add", out, x), f"{prefix}.output.LayerNorm", config["eps"])

    def gelu(self, x: str) -> str:
        """Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as ``hidden_act="gelu"`` means."""
        root2 = self.const(f"sqrt2_{self._count}", np.array(np.sqrt(2.0), np.float32))
        half = self.const(f"half_{self._count}", np.array(0.5, np.float32))
        erf = self.op("Erf", self.op("Div", x, root2))
        return self.op("Mul", self.op("Mul", x, half), self.op("Add", erf, "fone"))

    def mean_pool(self, x: str, *, normalize: bool) -> str:
        """Mean of the unmasked token vectors, then (if the model says so) unit length."""
        mask = self.op("Unsqueeze", self.mask, self.const("axis_2", np.array([2], np.int64)))
        seq_axis = self.const("axis_1", np.array([1], np.int64))
        total = self.op("ReduceSum", self.op("Mul", x, mask), seq_axis, keepdims=0)
        count = self.op(
            "Max",
            self.op("ReduceSum", mask, seq_axis, keepdims=0),
            self.const("min_count", np.array(1e-9, np.float32)),
        )
        pooled = self.op("Div", total, count)
        if not normalize:
            return self.op("Identity", pooled)
        norm = self.op("ReduceL2", pooled, axes=[1], keepdims=1)
        floor = self.const("min_norm", np.array(1e-12, np.float32))
        return self.op("Div", pooled, self.op("Max", norm, floor))
