"""Held-out figures: step accuracy, ProcessBench accuracies and F1, partial-step correlation."""

from __future__ import annotations

import math
from typing import Dict, List, Sequence, Tuple

import torch

import chainarith as ca
from data import collate

THRESHOLD = 0.5


@torch.no_grad()
def rewards_at(model, seqs: Sequence[Tuple[List[int], List[int]]], batch_size: int = 64) -> List[List[float]]:
    """For each (ids, read positions), softmax(logits)[..., 1] at those positions."""
    model.eval()
    out: List[List[float]] = [None] * len(seqs)  # type: ignore
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][0]))  # little padding per batch
    for b0 in range(0, len(order), batch_size):
        idx = order[b0 : b0 + batch_size]
        ids, mask, *_ = collate([_pad_example(seqs[i][0]) for i in idx])
        probs = torch.softmax(model(ids, mask), dim=-1)[..., 1]
        for row, i in enumerate(idx):
            out[i] = [float(probs[row, p]) for p in seqs[i][1]]
    return out


def _pad_example(ids):
    n = len(ids)
    return ids, [-100] * n, [-100] * n, [-100] * n


def chain_rewards(model, chains: Sequence[ca.Chain]) -> List[List[float]]:
    return rewards_at(model, [ca.encode_chain(c.problem(), c.steps()) for c in chains])


def metrics(chains: Sequence[ca.Chain], rewards: Sequence[Sequence[float]]) -> Dict[str, float]:
    steps_right = steps = 0
    err_right = err_n = ok_right = ok_n = 0
    for c, r in zip(chains, rewards):
        for lab, p in zip(c.step_labels(), r):
            steps += 1
            steps_right += int((p >= THRESHOLD) == (lab == 1))
        predicted = next((i for i, p in enumerate(r) if p < THRESHOLD), -1)
        if c.first_error >= 0:
            err_n += 1
            err_right += int(predicted == c.first_error)
        else:
            ok_n += 1
            ok_right += int(predicted == -1)
    acc_err = err_right / max(err_n, 1)
    acc_ok = ok_right / max(ok_n, 1)
    f1 = 0.0 if acc_err + acc_ok == 0 else 2 * acc_err * acc_ok / (acc_err + acc_ok)
    base = sum(sum(c.step_labels()) for c in chains) / max(steps, 1)
    return {
        "step_accuracy": steps_right / max(steps, 1),
        "always_right_baseline": base,
        "erroneous_accuracy": acc_err,
        "correct_accuracy": acc_ok,
        "processbench_f1": f1,
        "chains": len(chains),
        "erroneous_chains": err_n,
        "steps": steps,
    }


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def partial_step_correlation(model, chains: Sequence[ca.Chain]) -> List[Dict[str, float]]:
    """Pearson(reward after the first k tokens of a step + a separator, reward at the step's end).

    For every step of every chain and every k shorter than the step, the sequence is the chain up
    to the previous separator, the step's first k tokens, then the separator token; its reward is
    read at that separator, as the scorer does for a partial step.
    """
    seqs, keys = [], []
    for ci, c in enumerate(chains):
        ids = ca.encode(ca.PREFIX + c.problem() + ca.PROMPT_SUFFIX)
        for si, s in enumerate(c.steps()):
            toks = ca.encode(s)
            for k in range(1, len(toks) + 1):
                part = ids + toks[:k] + [ca.SEP_ID]
                seqs.append((part, [len(part) - 1]))
                keys.append((ci, si, k, len(toks)))
            ids = ids + toks + [ca.SEP_ID]
    rewards = [r[0] for r in rewards_at(model, seqs)]
    full = {(ci, si): r for (ci, si, k, n), r in zip(keys, rewards) if k == n}
    by_k: Dict[int, Tuple[List[float], List[float], List[int], List[int]]] = {}
    for (ci, si, k, n), r in zip(keys, rewards):
        if k < n:
            xs, ys, labs, priors = by_k.setdefault(k, ([], [], [], []))
            xs.append(r)
            ys.append(full[(ci, si)])
            labs.append(chains[ci].step_labels()[si])
            e = chains[ci].first_error
            priors.append(1 if e < 0 or e >= si else 0)
    rows = []
    for k in sorted(by_k):
        xs, ys, labs, priors = by_k[k]
        rows.append(
            {
                "k": k,
                "pairs": len(xs),
                "pearson": pearson(xs, ys),  # vs the reward at the step's end
                "pearson_with_label": pearson(xs, [float(v) for v in labs]),  # vs the step's label
                "pearson_with_prior": pearson(xs, [float(v) for v in priors]),  # vs earlier steps all right
            }
        )
    return rows
