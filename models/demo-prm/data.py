"""Training batches: chains rendered and tokenized, with per-token targets for the losses."""

from __future__ import annotations

from typing import List, Sequence

import torch

import chainarith as ca

IGNORE = -100


def chain_example(chain: ca.Chain):
    """ids, and per-token targets: step label, local label, next token.

    Step and local labels sit at each separator and, as extra training signal, at each digit of
    a step's result: there they say whether the digits so far agree with the right result (a
    prefix check; the separator then checks the whole result). Next-token targets cover the
    result digits and separator of right steps: predicting them from "x op d =" is the arithmetic
    the step check needs.
    """
    ids = ca.encode(ca.PREFIX + chain.problem() + ca.PROMPT_SUFFIX)
    n = len(ids)
    step_t = [IGNORE] * n
    local_t = [IGNORE] * n
    lm_t = [IGNORE] * n
    ok_so_far = 1
    x = chain.start
    for i, s in enumerate(chain.steps()):
        op, d = chain.ops[i]
        right = str(ca.apply(op, x, d)) + ca.STEP_SUFFIX
        x = chain.results[i]
        toks = ca.encode(s + ca.STEP_SUFFIX)
        start = len(ids)
        ids.extend(toks)
        r = result_start(s)
        shown = s[r:] + ca.STEP_SUFFIX
        loc = [IGNORE] * r + [1 if shown[: j + 1] == right[: j + 1] else 0 for j in range(len(shown))]
        local_t.extend(loc)
        step_t.extend([v if v == IGNORE else v * ok_so_far for v in loc])
        lm_t.extend([IGNORE] * len(toks))
        if loc[-1] == 1:
            for j in range(r - 1, len(toks) - 1):
                lm_t[start + j] = toks[j + 1]
        ok_so_far *= loc[-1]
    return ids, step_t, local_t, lm_t


def partial_example(chain: ca.Chain, step: int, k: int):
    """The chain up to step `step`, that step's first k characters (k <= where its result starts),
    then a separator, as the scorer closes a partial step. The label at that separator is the
    label of the steps before it: nothing in the step can be judged before its result.
    """
    ids, step_t, local_t, lm_t = chain_example(chain)
    steps = chain.steps()
    cut = len(ca.encode(ca.PREFIX + chain.problem() + ca.PROMPT_SUFFIX)) + sum(
        len(ca.encode(s + ca.STEP_SUFFIX)) for s in steps[:step]
    )
    prior = 1 if chain.first_error < 0 or chain.first_error >= step else 0
    end = cut + k
    lm_t = lm_t[:end] + [IGNORE]
    lm_t[end - 1] = IGNORE
    return (
        ids[:end] + [ca.SEP_ID],
        step_t[:end] + [prior],
        local_t[:end] + [IGNORE],
        lm_t,
    )


def result_start(step_text: str) -> int:
    """Index of the first character of a step's result (after "= ")."""
    return step_text.index("= ") + 2


def collate(examples: Sequence, pad_to: int = 0):
    t = max(max(len(e[0]) for e in examples), pad_to)
    b = len(examples)
    ids = torch.full((b, t), ca.PAD_ID, dtype=torch.long)
    mask = torch.zeros((b, t), dtype=torch.long)
    step_t = torch.full((b, t), IGNORE, dtype=torch.long)
    local_t = torch.full((b, t), IGNORE, dtype=torch.long)
    lm_t = torch.full((b, t), IGNORE, dtype=torch.long)
    for i, (x, s, l, m) in enumerate(examples):
        n = len(x)
        ids[i, :n] = torch.tensor(x)
        mask[i, :n] = 1
        step_t[i, :n] = torch.tensor(s)
        local_t[i, :n] = torch.tensor(l)
        lm_t[i, :n] = torch.tensor(m)
    return ids, mask, step_t, local_t, lm_t


def batch_of_chains(chains: List[ca.Chain]):
    return collate([chain_example(c) for c in chains])
