"""Regenerates the demo PRM: data, training, ONNX export, checks, fixture, figures.

    /usr/bin/python3 models/demo-prm/train.py --seed 0 --out models/demo-prm

Everything is a function of --seed (and the options below, whose defaults are the committed run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# The machine is shared: spinning OpenMP workers that lose their core stall every op (4x slower
# measured here), so idle workers sleep instead. Must be set before torch loads libgomp.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

import chainarith as ca  # noqa: E402
from evaluate import chain_rewards, metrics, partial_step_correlation  # noqa: E402
from prm_model import PRM, ModelConfig  # noqa: E402
from training import TrainConfig, train  # noqa: E402

HELDOUT_CHAINS = 200  # written to heldout.jsonl
EVAL_CHAINS = 2000  # held-out figures (a superset of heldout.jsonl's chains)
VAL_CHAINS = 400  # learning-curve checks during training


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=TrainConfig.steps)
    ap.add_argument("--batch-size", type=int, default=TrainConfig.batch_size)
    ap.add_argument("--lr", type=float, default=TrainConfig.lr)
    ap.add_argument("--warmup", type=int, default=TrainConfig.warmup)
    ap.add_argument("--eval-every", type=int, default=TrainConfig.eval_every)
    ap.add_argument("--lm-weight", type=float, default=TrainConfig.lm_weight)
    ap.add_argument("--local-weight", type=float, default=TrainConfig.local_weight)
    ap.add_argument("--rel-bias-lr-mult", type=float, default=TrainConfig.rel_bias_lr_mult)
    ap.add_argument("--extra-error-rate", type=float, default=TrainConfig.extra_error_rate)
    ap.add_argument("--partial-fraction", type=float, default=TrainConfig.partial_fraction)
    ap.add_argument("--short-phase", type=float, default=TrainConfig.short_phase)
    ap.add_argument("--d-model", type=int, default=ModelConfig.d_model)
    ap.add_argument("--layers", type=int, default=ModelConfig.n_layers)
    ap.add_argument("--heads", type=int, default=ModelConfig.n_heads)
    ap.add_argument("--d-ff", type=int, default=ModelConfig.d_ff)
    ap.add_argument("--rel-window", type=int, default=ModelConfig.rel_window)
    ap.add_argument("--value-max", type=int, default=ca.VALUE_MAX)
    ap.add_argument("--no-export", action="store_true", help="train and evaluate only (experiments)")
    args = ap.parse_args(argv)

    t_start = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")
    log_file = open(log_path, "w", encoding="utf-8")

    def log(msg: str) -> None:
        print(msg, flush=True)
        log_file.write(msg + "\n")
        log_file.flush()

    value_range = dict(value_min=ca.VALUE_MIN, value_max=args.value_max)
    # Separate random streams: training chains, validation (learning curve), held-out evaluation.
    eval_gen = ca.ChainGenerator(args.seed * 3 + 1_000_003, **value_range)
    eval_chains = eval_gen.balanced(EVAL_CHAINS)
    val_chains = ca.ChainGenerator(args.seed * 3 + 2_000_003, **value_range).balanced(VAL_CHAINS)
    train_gen = ca.ChainGenerator(args.seed * 3 + 3_000_003, **value_range)
    # No training chain shares its problem with a held-out one.
    exclude = {c.problem() for c in eval_chains} | {c.problem() for c in val_chains}

    mcfg = ModelConfig(
        vocab_size=ca.VOCAB_SIZE, d_model=args.d_model, n_layers=args.layers, n_heads=args.heads, d_ff=args.d_ff,
        rel_window=args.rel_window,
    )
    tcfg = TrainConfig(
        steps=args.steps,
        batch_size=args.batch_size,
        lr=args.lr,
        warmup=args.warmup,
        eval_every=args.eval_every,
        lm_weight=args.lm_weight,
        local_weight=args.local_weight,
        rel_bias_lr_mult=args.rel_bias_lr_mult,
        short_phase=args.short_phase,
        extra_error_rate=args.extra_error_rate,
        partial_fraction=args.partial_fraction,
    )
    model = PRM(mcfg)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model {mcfg.to_dict()} params {n_params}")
    log(f"train {tcfg.to_dict()} seed {args.seed} threads {args.threads}")

    curve = train(model, tcfg, train_gen, val_chains, exclude, log)
    t_train = time.time() - t_start
    model.eval()

    figures = metrics(eval_chains, chain_rewards(model, eval_chains))
    log("held-out " + json.dumps(figures))
    partial = partial_step_correlation(model, eval_chains[:HELDOUT_CHAINS])
    for row in partial:
        log("partial " + json.dumps(row))

    results = {
        "seed": args.seed,
        "model": mcfg.to_dict(),
        "params": n_params,
        "train": tcfg.to_dict(),
        "value_range": [ca.VALUE_MIN, args.value_max],
        "heldout": figures,
        "learning_curve": curve,
        "partial_step_correlation": partial,
        "train_seconds": round(t_train),
    }
    if not args.no_export:
        import export  # noqa: E402  (imports onnx)

        ca.write_heldout(os.path.join(args.out, "heldout.jsonl"), eval_chains[:HELDOUT_CHAINS])
        results["heldout_file"] = metrics(eval_chains[:HELDOUT_CHAINS], chain_rewards(model, eval_chains[:HELDOUT_CHAINS]))
        results["export"] = export.export_all(model, args.out, value_range, eval_chains, log)
    results["total_seconds"] = round(time.time() - t_start)
    with open(os.path.join(args.out, "results.json" if not args.no_export else "results-experiment.json"), "w") as f:
        json.dump(results, f, indent=2)
    log(f"done in {results['total_seconds']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
