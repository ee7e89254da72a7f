"""A small NumPy interpreter for the ONNX ops the demo PRM's graphs use.

Python onnxruntime is not installable here and onnx 1.12 has no ReferenceEvaluator, so the export
is checked by running the saved graph node by node, following the ONNX operator specification.
Any op it does not know fails loudly rather than being skipped.
"""

from __future__ import annotations

import math
from typing import Dict

import numpy as np
import onnx
from onnx import numpy_helper

_ERF = np.frompyfunc(math.erf, 1, 1)


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _layer_norm(x, scale, bias=None, axis=-1, epsilon=1e-5, **_):
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + epsilon) * scale
    return y + bias if bias is not None else y


def _slice(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) % x.ndim for a in axes]
    steps = [1] * len(starts) if steps is None else steps
    sl = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        sl[a] = slice(int(s), int(e), int(st))
    return x[tuple(sl)]


def _cast(x, to):
    return x.astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[to])


def _softmax(x, axis=-1):
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _cumsum(x, axis, exclusive=0, reverse=0):
    assert not exclusive and not reverse
    return np.cumsum(x, axis=int(axis)).astype(x.dtype)


def _reshape(x, shape, allowzero=0):
    shape = [x.shape[i] if (s == 0 and not allowzero) else int(s) for i, s in enumerate(shape)]
    return x.reshape(shape)


def _clip(x, lo=None, hi=None):
    if lo is not None:
        x = np.maximum(x, lo)
    if hi is not None:
        x = np.minimum(x, hi)
    return x


def _keep(fn):
    """Keep the dtype of the first operand (NumPy would widen int64/float32 mixes)."""

    def run(*xs, **kw):
        return np.asarray(fn(*xs, **kw)).astype(xs[0].dtype)

    return run


OPS = {
    "Identity": lambda x: x,
    "Add": _keep(np.add),
    "Sub": _keep(np.subtract),
    "Mul": _keep(np.multiply),
    "Div": lambda a, b: (a // b if np.issubdtype(a.dtype, np.integer) else a / b).astype(a.dtype),
    "MatMul": lambda a, b: np.matmul(a, b),
    "Pow": _keep(np.power),
    "Sqrt": np.sqrt,
    "Neg": np.negative,
    "Erf": lambda x: _ERF(x).astype(x.dtype),
    "Equal": np.equal,
    "LessOrEqual": np.less_equal,
    "Less": np.less,
    "Not": np.logical_not,
    "Where": np.where,
    "Shape": lambda x: np.array(x.shape, dtype=np.int64),
    "Range": lambda s, l, d: np.arange(s, l, d, dtype=s.dtype),
    "CumSum": _cumsum,
    "Clip": _clip,
}


def run_onnx(model: onnx.ModelProto, feeds: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
    g = model.graph
    env: Dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    env.update(feeds)
    for node in g.node:
        a = _attrs(node)
        x = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            y = numpy_helper.to_array(a["value"])
        elif op == "Unsqueeze":
            y = x[0]
            for ax in sorted(int(v) % (x[0].ndim + len(x[1])) for v in x[1]):
                y = np.expand_dims(y, ax)
        elif op == "Squeeze":
            y = np.squeeze(x[0], axis=tuple(int(v) for v in x[1]))
        elif op == "Transpose":
            y = np.transpose(x[0], a.get("perm"))
        elif op == "Gather":
            y = np.take(x[0], x[1].astype(np.int64), axis=a.get("axis", 0))
        elif op == "Concat":
            y = np.concatenate(x, axis=a["axis"])
        elif op == "Reshape":
            y = _reshape(x[0], x[1], a.get("allowzero", 0))
        elif op == "Slice":
            y = _slice(x[0], *x[1:])
        elif op == "Cast":
            y = _cast(x[0], a["to"])
        elif op == "Softmax":
            y = _softmax(x[0], a.get("axis", -1))
        elif op == "LayerNormalization":
            y = _layer_norm(*x, **a)
        elif op == "CumSum":
            y = _cumsum(x[0], x[1], a.get("exclusive", 0), a.get("reverse", 0))
        elif op == "ConstantOfShape":
            v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            y = np.full(tuple(int(s) for s in x[0]), v.reshape(-1)[0], dtype=v.dtype)
        elif op == "Expand":
            y = x[0] * np.ones(tuple(int(s) for s in x[1]), dtype=x[0].dtype)
        elif op in OPS:
            y = OPS[op](*[v for v in x if v is not None] if op != "Clip" else x)
        else:
            raise NotImplementedError(f"onnx_eval: op {op} ({node.name})")
        outs = y if isinstance(y, tuple) else (y,)
        for name, val in zip(node.output, outs):
            env[name] = np.asarray(val)
    return {o.name: env[o.name] for o in g.output}
