"""Exports the trained PRM: both ONNX graphs, tokenizer.json, model.json and the parity fixture.

Every graph is checked before it is kept: the torch model and the exported graph (run by
onnx_eval's reference interpreter, as python onnxruntime is not available here) must agree, on
a padded batch, and the with-past graph must reproduce full recompute when tokens are appended.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Callable, Dict, List

import numpy as np
import onnx
import torch

import chainarith as ca
from onnx_eval import run_onnx
from prm_model import PRM, ExportFull, ExportWithPast

OPSET = 17
MAX_CONTEXT = 256
TOL = 1e-4


def _past_names(n_layers: int):
    ins, outs = [], []
    for i in range(n_layers):
        ins += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        outs += [f"present.{i}.key", f"present.{i}.value"]
    return ins, outs


def _pad_batch(seqs: List[List[int]]):
    t = max(len(s) for s in seqs)
    ids = np.full((len(seqs), t), ca.PAD_ID, dtype=np.int64)
    mask = np.zeros((len(seqs), t), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return ids, mask


def _torch_logits(model: PRM, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()


def _softmax1(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e[..., 1] / e.sum(axis=-1)


def export_graphs(model: PRM, out: str, log: Callable[[str], None]) -> None:
    model.eval()
    n_layers, h = model.cfg.n_layers, model.cfg.n_heads
    dh = model.cfg.d_model // h
    ids = torch.tensor([ca.encode("Start with 5. Then: add 1.\n5 + 1 = 6\n")], dtype=torch.long)
    mask = torch.ones_like(ids)
    dyn = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}}
    torch.onnx.export(
        ExportFull(model),
        (ids, mask),
        os.path.join(out, "model.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={**dyn, "logits": {0: "batch", 1: "sequence"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    past_in, past_out = _past_names(n_layers)
    p = 4
    past = [torch.zeros(1, h, p, dh) for _ in past_in]
    dyn_past = {
        "input_ids": {0: "batch", 1: "sequence"},
        "attention_mask": {0: "batch", 1: "past_sequence + sequence"},
        "logits": {0: "batch", 1: "sequence"},
    }
    for n in past_in:
        dyn_past[n] = {0: "batch", 2: "past_sequence"}
    for n in past_out:
        dyn_past[n] = {0: "batch", 2: "past_sequence + sequence"}
    torch.onnx.export(
        ExportWithPast(model),
        (ids, torch.ones(1, p + ids.shape[1], dtype=torch.long), *past),
        os.path.join(out, "model_with_past.onnx"),
        input_names=["input_ids", "attention_mask", *past_in],
        output_names=["logits", *past_out],
        dynamic_axes=dyn_past,
        opset_version=OPSET,
        do_constant_folding=True,
    )
    for f in ("model.onnx", "model_with_past.onnx"):
        onnx.checker.check_model(onnx.load(os.path.join(out, f)))
        log(f"exported {f} ({os.path.getsize(os.path.join(out, f))} bytes, opset {OPSET})")


def check_graphs(model: PRM, out: str, chains: List[ca.Chain], log: Callable[[str], None]) -> Dict[str, float]:
    """Torch vs exported graphs, padding invariance, and past vs full recompute."""
    full = onnx.load(os.path.join(out, "model.onnx"))
    with_past = onnx.load(os.path.join(out, "model_with_past.onnx"))
    past_in, past_out = _past_names(model.cfg.n_layers)
    seqs = [ca.encode_chain(c.problem(), c.steps())[0] for c in chains]
    ids, mask = _pad_batch(seqs)
    ref = _torch_logits(model, ids, mask)
    got = run_onnx(full, {"input_ids": ids, "attention_mask": mask})["logits"]
    real = mask.astype(bool)
    d_graph = float(np.abs(ref - got)[real].max())
    # Right padding must not move the real positions: score each sequence alone.
    d_pad = 0.0
    for i, s in enumerate(seqs):
        alone = _torch_logits(model, np.array([s], dtype=np.int64), np.ones((1, len(s)), dtype=np.int64))
        d_pad = max(d_pad, float(np.abs(alone[0] - ref[i, : len(s)]).max()))
    # With past: score the problem first (empty past), then append the steps one at a time.
    d_past = 0.0
    b = len(chains)
    h, dh = model.cfg.n_heads, model.cfg.d_model // model.cfg.n_heads
    feeds = {n: np.zeros((b, h, 0, dh), dtype=np.float32) for n in past_in}
    prompts = [ca.encode(ca.PREFIX + c.problem() + ca.PROMPT_SUFFIX) for c in chains]
    pieces = [[p] + [ca.encode(s + ca.STEP_SUFFIX) for s in c.steps()] for p, c in zip(prompts, chains)]
    n_pieces = min(len(p) for p in pieces)
    seen = [[] for _ in chains]
    past_mask = np.zeros((b, 0), dtype=np.int64)
    for k in range(n_pieces):
        new = [p[k] for p in pieces]
        new_ids, new_mask = _pad_batch(new)
        att = np.concatenate([past_mask, new_mask], axis=1)
        res = run_onnx(with_past, {"input_ids": new_ids, "attention_mask": att, **feeds})
        for i in range(b):
            seen[i] += new[i]
            alone = _torch_logits(model, np.array([seen[i]]), np.ones((1, len(seen[i])), dtype=np.int64))
            n = len(new[i])
            d_past = max(d_past, float(np.abs(res["logits"][i, :n] - alone[0, -n:]).max()))
        feeds = {pi: res[po] for pi, po in zip(past_in, past_out)}
        past_mask = att
    checks = {"torch_vs_onnx": d_graph, "padding": d_pad, "past_vs_full": d_past}
    log("graph checks (max abs logit difference): " + json.dumps(checks))
    for k, v in checks.items():
        if not v < TOL:
            raise SystemExit(f"export check {k} failed: {v} >= {TOL}")
    return checks


def write_tokenizer_and_manifest(out: str, value_range: dict, log: Callable[[str], None]) -> None:
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(ca.tokenizer_json(), f, indent=2, ensure_ascii=False)
        f.write("\n")
    manifest = {
        "id": "rewardstream-demo-prm",
        "version": "1",
        "model_file": "model.onnx",
        "model_with_past_file": "model_with_past.onnx",
        "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "position_ids": None},
        "outputs": {"logits": "logits"},
        "reader": {"kind": "classifier-at-step-token", "positive_index": 1},
        "step_separator": {"token_id": ca.SEP_ID, "text": "\n"},
        "template": {"prefix": ca.PREFIX, "prompt_suffix": ca.PROMPT_SUFFIX, "step_suffix": ca.STEP_SUFFIX},
        "past_positions": "attention-mask",  # positions are the mask's cumulative sum
        "max_context": MAX_CONTEXT,
        "truncation": "keep-head-and-tail",
        "truncation_head_tokens": 64,
        "vocab_size": ca.VOCAB_SIZE,
        "pad_id": ca.PAD_ID,
        "tokens": "pass-through",
        "tokenizer": {"id": "rewardstream-demo-char", "file": "tokenizer.json"},
        "domain": {
            "description": "chain arithmetic (format: models/demo-prm/README.md)",
            "value_min": value_range["value_min"],
            "value_max": value_range["value_max"],
            "operand_min": ca.OPERAND_MIN,
            "operand_max": ca.OPERAND_MAX,
            "min_ops": ca.MIN_OPS,
            "max_ops": ca.MAX_OPS,
        },
    }
    with open(os.path.join(out, "model.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    log("wrote tokenizer.json, model.json")


def parity_cases(chains: List[ca.Chain]) -> List[dict]:
    """Fixed inputs for the Java parity test: whole chains and one partial step."""
    cases = []
    for c in chains:
        ids, seps = ca.encode_chain(c.problem(), c.steps())
        prompt = len(ca.encode(ca.PREFIX + c.problem() + ca.PROMPT_SUFFIX))
        cases.append(
            {"name": f"chain first_error={c.first_error}", "text": ca.decode(ids), "ids": ids, "read": seps, "prompt_length": prompt}
        )
    # a partial step, closed by an appended separator as the scorer does
    c = chains[0]
    ids, seps = ca.encode_chain(c.problem(), c.steps()[:2])
    part = ca.encode(c.steps()[2])[:6] + [ca.SEP_ID]
    ids = ids + part
    prompt = len(ca.encode(ca.PREFIX + c.problem() + ca.PROMPT_SUFFIX))
    cases.append(
        {
            "name": "two steps and a partial third closed by a separator",
            "text": ca.decode(ids),
            "ids": ids,
            "read": seps + [len(ids) - 1],
            "prompt_length": prompt,
        }
    )
    return cases


def write_parity(model: PRM, out: str, chains: List[ca.Chain], log: Callable[[str], None]) -> None:
    fixture_cases = []
    for case in parity_cases(chains):
        logits = _torch_logits(model, np.array([case["ids"]]), np.ones((1, len(case["ids"])), dtype=np.int64))[0]
        rewards = _softmax1(logits[case["read"]])
        fixture_cases.append(
            {
                "name": case["name"],
                "text": case["text"],
                "input_ids": case["ids"],
                "separator_indices": case["read"],
                "positions": [i + 1 for i in case["read"]],
                "prompt_length": case["prompt_length"],
                "rewards": [round(float(r), 7) for r in rewards],
                "logits": [[round(float(v), 6) for v in row] for row in logits[case["read"]]],
            }
        )
    with open(os.path.join(out, "model.onnx"), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    fixture = {
        "description": (
            "Rewards of the demo PRM for fixed inputs, computed by the torch model in eval mode (fp32) "
            "that model.onnx was exported from. input_ids are in model vocabulary (tokenizer.json); "
            "separator_indices are 0-based token indices of step separators (id %d); positions = "
            "separator_indices + 1 in ScoreRequest terms (prefix lengths); rewards = softmax(logits)[1] "
            "at those indices. Score each case alone (attention_mask all ones) or right-padded in a batch; "
            "with model_with_past.onnx, scoring the first prompt_length tokens and then appending the rest "
            "with the returned past gives the same rewards." % ca.SEP_ID
        ),
        "model_file": "model.onnx",
        "model_sha256": sha,
        "tolerance": TOL,
        "cases": fixture_cases,
    }
    with open(os.path.join(out, "parity.json"), "w", encoding="utf-8") as f:
        f.write(_compact_json(fixture))
    log(f"wrote parity.json ({len(fixture_cases)} cases)")


def _compact_json(fixture: dict) -> str:
    """The fixture as JSON with one line per field (lists of numbers stay on one line)."""

    def obj(d: dict, indent: str) -> List[str]:
        keys = list(d)
        return [f"{indent}{json.dumps(k)}: {json.dumps(d[k])}{',' if i < len(keys) - 1 else ''}" for i, k in enumerate(keys)]

    top = {k: v for k, v in fixture.items() if k != "cases"}
    head = obj(top, " ")
    lines = ["{"] + head[:-1] + [head[-1] + ",", ' "cases": [']
    for i, case in enumerate(fixture["cases"]):
        lines += ["  {"] + obj(case, "   ") + ["  }" + ("," if i < len(fixture["cases"]) - 1 else "")]
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def export_all(model: PRM, out: str, value_range: dict, heldout: List[ca.Chain], log: Callable[[str], None]) -> dict:
    model.eval()
    export_graphs(model, out, log)
    # a mix of correct and erroneous chains of different lengths
    sample = heldout[:6]
    checks = check_graphs(model, out, sample, log)
    write_tokenizer_and_manifest(out, value_range, log)
    write_parity(model, out, heldout[:4], log)
    return checks
