"""The training loop: AdamW, warmup then cosine decay, three losses, periodic held-out checks."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass
from typing import Callable, List, Optional, Set

import torch
import torch.nn.functional as F

import chainarith as ca
from data import IGNORE, chain_example, collate, partial_example, result_start
from evaluate import chain_rewards, metrics
from prm_model import PRM


@dataclass
class TrainConfig:
    steps: int = 5000
    batch_size: int = 32
    lr: float = 1e-3
    min_lr_ratio: float = 0.05
    warmup: int = 200
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    erroneous_fraction: float = 0.5
    extra_error_rate: float = 0.25
    partial_fraction: float = 0.25  # chains cut inside a step (before its result) and closed
    local_weight: float = 1.0
    lm_weight: float = 1.0
    rel_bias_lr_mult: float = 30.0
    short_phase: float = 0.25  # fraction of steps on the shortest chains first (curriculum)
    short_max_ops: int = 4
    eval_every: int = 250
    log_every: int = 100

    def to_dict(self) -> dict:
        return asdict(self)


def lr_at(cfg: TrainConfig, step: int) -> float:
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    frac = (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup)
    return cfg.lr * (cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * frac)))


def losses(model: PRM, batch):
    ids, mask, step_t, local_t, lm_t = batch
    h, _ = model.hidden(ids, mask, right_padded=True)
    main = F.cross_entropy(model.head(h).reshape(-1, 2), step_t.reshape(-1), ignore_index=IGNORE)
    local = F.cross_entropy(model.local_head(h).reshape(-1, 2), local_t.reshape(-1), ignore_index=IGNORE)
    lm = F.cross_entropy(
        model.lm_head(h).reshape(-1, model.cfg.vocab_size), lm_t.reshape(-1), ignore_index=IGNORE
    )
    return main, local, lm


def train(
    model: PRM,
    cfg: TrainConfig,
    gen: ca.ChainGenerator,
    val_chains: List[ca.Chain],
    exclude_problems: Set[str],
    log: Callable[[str], None],
) -> List[dict]:
    """Trains in place; returns the learning curve (one row per evaluation)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if name != "rel_bias":
            (decay if p.dim() >= 2 and "embed" not in name else no_decay).append(p)
    # Adam moves a parameter by about lr per step; a position bias must reach several units to
    # single out one distance, so it gets a larger step (measured: at 1x it stays flat for 500+ steps).
    groups = [
        {"params": decay, "weight_decay": cfg.weight_decay, "mult": 1.0},
        {"params": no_decay, "weight_decay": 0.0, "mult": 1.0},
        {"params": [model.rel_bias], "weight_decay": 0.0, "mult": cfg.rel_bias_lr_mult},
    ]
    opt = torch.optim.AdamW(groups, lr=cfg.lr, betas=(0.9, 0.98))
    curve: List[dict] = []
    t0 = time.time()
    run = {"main": 0.0, "local": 0.0, "lm": 0.0, "n": 0}
    short_cycle = list(range(gen.min_ops, min(cfg.short_max_ops, gen.max_ops) + 1))
    full_cycle = list(range(gen.min_ops, gen.max_ops + 1))
    short_steps = int(cfg.short_phase * cfg.steps)
    for step in range(cfg.steps):
        model.train()
        # One chain length per batch keeps padding (wasted compute) small. Short chains first:
        # they cost less attention and carry the same local arithmetic.
        cycle = short_cycle if step < short_steps else full_cycle
        n_ops = cycle[step % len(cycle)]
        chains = []
        while len(chains) < cfg.batch_size:
            c = gen.chain(
                erroneous=gen.rng.random() < cfg.erroneous_fraction,
                n_ops=n_ops,
                extra_error_rate=cfg.extra_error_rate,
            )
            if c.problem() not in exclude_problems:
                chains.append(c)
        examples = []
        for c in chains:
            if gen.rng.random() < cfg.partial_fraction:
                j = gen.rng.randrange(len(c.ops))
                k = gen.rng.randint(1, result_start(c.steps()[j]))
                examples.append(partial_example(c, j, k))
            else:
                examples.append(chain_example(c))
        main, local, lm = losses(model, collate(examples))
        loss = main + cfg.local_weight * local + cfg.lm_weight * lm
        for g in opt.param_groups:
            g["lr"] = lr_at(cfg, step) * g["mult"]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        run["main"] += float(main)
        run["local"] += float(local)
        run["lm"] += float(lm)
        run["n"] += 1
        if (step + 1) % cfg.log_every == 0:
            n = run["n"]
            log(
                f"step {step + 1} lr {lr_at(cfg, step):.2e} main {run['main'] / n:.4f} "
                f"local {run['local'] / n:.4f} lm {run['lm'] / n:.4f} elapsed {time.time() - t0:.0f}s"
            )
            run = {"main": 0.0, "local": 0.0, "lm": 0.0, "n": 0}
        if (step + 1) % cfg.eval_every == 0 or step + 1 == cfg.steps:
            m = metrics(val_chains, chain_rewards(model, val_chains))
            row = {
                "step": step + 1,
                "chains_seen": (step + 1) * cfg.batch_size,
                "minutes": round((time.time() - t0) / 60, 1),
                **{k: round(m[k], 4) for k in ("step_accuracy", "erroneous_accuracy", "correct_accuracy", "processbench_f1")},
            }
            curve.append(row)
            log("eval " + " ".join(f"{k}={v}" for k, v in row.items()))
    return curve
