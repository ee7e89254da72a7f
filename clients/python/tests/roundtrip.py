#!/usr/bin/python3
"""End-to-end check of the Python clients against a running RewardStream (run by
PythonClientRoundTripIT): GenerationPublisher streams a group of chain-arithmetic candidates,
the Java topology scores them and rejects some, the rejection callback fires and the candidate
is aborted, and RewardConsumer reads every SequenceReward and the GroupReward.

  roundtrip.py --bootstrap HOST:PORT --registry URL --group ID [--timeout S]

Prints one JSON object: the rejections the callback saw, every sequence reward (with the length
and the non-zero positions of token_rewards) and the group reward.
"""

import argparse
import json
import logging
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from rewardstream import GenerationPublisher, RewardConsumer, token_rewards  # noqa: E402

# The demo PRM's character ids (models/demo-prm/chainarith.py): digits 1..10, "\n" 11, ...
VOCAB = (["<pad>"] + list("0123456789") + ["\n", " ", "+", "-", "=", ".", ",", ":"]
         + sorted(set("Start with" + "Then" + "add" + "subtract") - {" "}) + ["<unk>"])
IDS = {t: i for i, t in enumerate(VOCAB)}

PROBLEM = "Start with 12. Then: add 5, subtract 3, add 9, subtract 4.\n"
CANDIDATES = [
    "12 + 5 = 17\n17 - 3 = 14\n14 + 9 = 23\n23 - 4 = 19\n",
    "12 + 5 = 18\n18 - 3 = 15\n15 + 9 = 24\n24 - 4 = 20\n",
    "12 + 5 = 17\n17 - 3 = 14\n14 + 9 = 22\n22 - 4 = 18\n",
]


def encode(text):
    return [IDS.get(c, IDS["<unk>"]) for c in text]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                        format="%(asctime)s %(threadName)s %(name)s %(message)s")

    seen = []
    lock = threading.Lock()

    def on_rejection(rejection):
        # Where a vLLM worker would call engine.abort_request(request_id).
        with lock:
            seen.append({"sequence_id": rejection["sequence_id"], "rule": rejection["rule"],
                         "step_index": rejection["step_index"]})

    # A fresh consumer made before the first chunk: it must read everything written after it,
    # although its first poll comes only once generation is over.
    consumer = RewardConsumer(args.bootstrap, args.registry)
    publisher = GenerationPublisher(args.bootstrap, args.registry, on_rejection=on_rejection)
    prompt = encode(PROBLEM)
    streams = {"c%d" % i: encode(text) for i, text in enumerate(CANDIDATES)}
    for sid in streams:
        publisher.start_sequence(args.group, sid, len(streams), prompt_text=PROBLEM,
                                 prompt_token_ids=prompt, policy_version="py-policy-1")
    positions = {sid: 0 for sid in streams}
    live = set(streams)
    while live:
        for sid in sorted(live):
            tokens = streams[sid]
            start = positions[sid]
            end = min(len(tokens), start + 2)
            if publisher.is_rejected(args.group, sid):
                logging.info("%s stopped after %d tokens: rejected", sid, start)
                live.discard(sid)
            elif end == len(tokens):
                publisher.finish(args.group, sid, token_ids=tokens[start:end])
                logging.info("%s finished (%d tokens)", sid, end)
                live.discard(sid)
            else:
                publisher.append(args.group, sid, tokens[start:end])
                positions[sid] = end
        # About 10 tokens/s per candidate, so that the rejection (decided at the first step's end,
        # about 1.2 s in) reaches the losers while they still generate, even on a busy machine.
        time.sleep(0.2)
    publisher.flush()

    sequences, group = {}, None
    deadline = time.monotonic() + args.timeout
    while (group is None or len(sequences) < len(streams)) and time.monotonic() < deadline:
        record = consumer.poll(0.5)
        if record is None:
            continue
        kind, value = record
        if value["group_id"] != args.group:
            continue
        if kind == "sequence":
            rewards = token_rewards(value)
            sequences[value["sequence_id"]] = {
                "status": value["status"], "final_reward": value["final_reward"],
                "tokens_generated": value["tokens_generated"], "token_rewards": len(rewards),
                "reward_positions": [i for i, r in enumerate(rewards) if r != 0.0],
                "steps": len(value["steps"]),
            }
        else:
            group = {"members": [{"sequence_id": m["sequence_id"], "status": m["status"],
                                  "advantage": m["advantage"]} for m in value["members"]],
                     "best_sequence_id": value["best_sequence_id"]}
    publisher.close()
    consumer.close()
    with lock:
        print(json.dumps({"rejections": seen, "sequences": sequences, "group": group}))
    return 0 if group is not None and len(sequences) == len(streams) else 1


if __name__ == "__main__":
    sys.exit(main())
