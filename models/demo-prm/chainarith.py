"""Chain arithmetic: the demo PRM's domain, its text format and its character vocabulary.

This module is the reference implementation of the format written down in README.md
("The chain-arithmetic format"); the Java port (synthetic policy, `demo-data`) follows the README.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

MIN_OPS = 3
MAX_OPS = 8
VALUE_MIN = 0
VALUE_MAX = 99
OPERAND_MIN = 1
OPERAND_MAX = 9
OPS = ("add", "subtract")
SYMBOL = {"add": "+", "subtract": "-"}
# A wrong step's result is the true result plus one of these offsets.
ERROR_OFFSETS = (-10, -3, -2, -1, 1, 2, 3, 10)

# Rendering (mirrors model.json "template"): prefix + problem + prompt_suffix + step + step_suffix ...
PREFIX = ""
PROMPT_SUFFIX = "\n"
STEP_SUFFIX = "\n"

# Character vocabulary: one token per character. Ids are part of the model contract.
PAD = "<pad>"
UNK = "<unk>"
_CHARS = (
    list("0123456789")  # ids 1..10: digit c has id c+1
    + ["\n", " ", "+", "-", "=", ".", ",", ":"]  # ids 11..18
    + sorted(set("Start with" + "Then" + "add" + "subtract") - {" "})  # ids 19..33
)
VOCAB: List[str] = [PAD] + _CHARS + [UNK]
TOKEN_ID = {t: i for i, t in enumerate(VOCAB)}
PAD_ID = TOKEN_ID[PAD]
UNK_ID = TOKEN_ID[UNK]
SEP_ID = TOKEN_ID["\n"]
VOCAB_SIZE = len(VOCAB)


@dataclass(frozen=True)
class Chain:
    """One problem and its steps as displayed, with the ProcessBench label."""

    start: int
    ops: Tuple[Tuple[str, int], ...]  # (op, operand) per step
    results: Tuple[int, ...]  # displayed result of each step

    def local_labels(self) -> List[int]:
        """1 for a step whose own arithmetic is right (x op d = y), ignoring earlier steps."""
        out, x = [], self.start
        for (op, d), y in zip(self.ops, self.results):
            out.append(1 if apply(op, x, d) == y else 0)
            x = y
        return out

    @property
    def first_error(self) -> int:
        """Index of the first wrong step, -1 when all steps are right (the ProcessBench label)."""
        return next((i for i, ok in enumerate(self.local_labels()) if not ok), -1)

    def problem(self) -> str:
        ops = ", ".join(f"{op} {d}" for op, d in self.ops)
        return f"Start with {self.start}. Then: {ops}."

    def steps(self) -> List[str]:
        out, x = [], self.start
        for (op, d), y in zip(self.ops, self.results):
            out.append(f"{x} {SYMBOL[op]} {d} = {y}")
            x = y
        return out

    def step_labels(self) -> List[int]:
        """1 for a step that is right and has only right steps before it, else 0."""
        n = len(self.ops)
        e = n if self.first_error < 0 else self.first_error
        return [1 if i < e else 0 for i in range(n)]

    def processbench(self, chain_id: str) -> dict:
        return {
            "id": chain_id,
            "problem": self.problem(),
            "steps": self.steps(),
            "label": self.first_error,
        }


def apply(op: str, x: int, d: int) -> int:
    return x + d if op == "add" else x - d


class ChainGenerator:
    """Draws chains as README.md specifies, from its own seeded random source."""

    def __init__(
        self,
        seed: int,
        value_min: int = VALUE_MIN,
        value_max: int = VALUE_MAX,
        min_ops: int = MIN_OPS,
        max_ops: int = MAX_OPS,
    ):
        self.rng = random.Random(seed)
        self.value_min, self.value_max = value_min, value_max
        self.min_ops, self.max_ops = min_ops, max_ops

    def _in_range(self, v: int) -> bool:
        return self.value_min <= v <= self.value_max

    def problem(self, n_ops: Optional[int] = None) -> Tuple[int, Tuple[Tuple[str, int], ...], List[int]]:
        """Start value, operations and the true value after each operation."""
        rng = self.rng
        n = n_ops if n_ops is not None else rng.randint(self.min_ops, self.max_ops)
        start = rng.randint(self.value_min, self.value_max)
        ops, values, v = [], [], start
        for _ in range(n):
            choices = [
                (op, d)
                for op in OPS
                for d in range(OPERAND_MIN, OPERAND_MAX + 1)
                if self._in_range(apply(op, v, d))
            ]
            op, d = rng.choice(choices)
            v = apply(op, v, d)
            ops.append((op, d))
            values.append(v)
        return start, tuple(ops), values

    def _offset(self, later: Sequence[int]) -> Optional[int]:
        """An error offset that keeps every value in `later` (shifted by it) in range."""
        offsets = [o for o in ERROR_OFFSETS if self._in_range(min(later) + o) and self._in_range(max(later) + o)]
        return self.rng.choice(offsets) if offsets else None

    def chain(self, erroneous: bool, n_ops: Optional[int] = None, extra_error_rate: float = 0.0) -> Chain:
        """A chain; an erroneous one has exactly one wrong step (the format's chains).

        extra_error_rate > 0 is a training-only variant: each step after the first wrong one is
        also wrong with that probability. It changes no step label (all are 0 after the first
        error) but shows the local check more wrong steps.
        """
        start, ops, values = self.problem(n_ops)
        if not erroneous:
            return Chain(start, ops, tuple(values))
        rng = self.rng
        e = rng.randrange(len(ops))
        results = list(values)
        o = self._offset(results[e:])
        for i in range(e, len(results)):
            results[i] += o
        for j in range(e + 1, len(results)):
            if extra_error_rate > 0 and rng.random() < extra_error_rate:
                o = self._offset(results[j:])
                if o is not None:
                    for i in range(j, len(results)):
                        results[i] += o
        return Chain(start, ops, tuple(results))

    def balanced(self, count: int) -> List[Chain]:
        """count chains, alternating erroneous and all-correct (erroneous first)."""
        return [self.chain(erroneous=(i % 2 == 0)) for i in range(count)]


def render(problem: str, steps: Sequence[str]) -> str:
    return PREFIX + problem + PROMPT_SUFFIX + "".join(s + STEP_SUFFIX for s in steps)


def encode(text: str) -> List[int]:
    return [TOKEN_ID.get(c, UNK_ID) for c in text]


def decode(ids: Sequence[int]) -> str:
    return "".join(VOCAB[i] if i not in (PAD_ID, UNK_ID) else "" for i in ids)


def encode_chain(problem: str, steps: Sequence[str]) -> Tuple[List[int], List[int]]:
    """Token ids of the rendered chain and, for each step, the index of the separator ending it."""
    ids = encode(PREFIX + problem + PROMPT_SUFFIX)
    seps = []
    for s in steps:
        ids.extend(encode(s + STEP_SUFFIX))
        seps.append(len(ids) - 1)
    return ids, seps


def tokenizer_json() -> dict:
    """A HuggingFace `tokenizers` file: every character is one WordLevel token."""
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": TOKEN_ID[t],
                "content": t,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for t in (PAD, UNK)
        ],
        "normalizer": None,
        # [\s\S] (not ".") so that "\n" is split off as well.
        "pre_tokenizer": {
            "type": "Split",
            "pattern": {"Regex": "[\\s\\S]"},
            "behavior": "Isolated",
            "invert": False,
        },
        "post_processor": None,
        "decoder": {"type": "Fuse"},
        "model": {"type": "WordLevel", "vocab": dict(TOKEN_ID), "unk_token": UNK},
    }


def write_heldout(path: str, chains: Sequence[Chain], prefix: str = "demo-heldout") -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i, c in enumerate(chains):
            f.write(json.dumps(c.processbench(f"{prefix}-{i:04d}")) + "\n")
