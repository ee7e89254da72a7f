"""RewardConsumer: what an RL trainer (veRL, OpenRLHF, TRL) needs."""

import time
import uuid

from confluent_kafka import Consumer, TopicPartition

from .offsets import current_ends
from .registry import serializer
from .schemas import Topics


class RewardConsumer:
    """Reads ``SequenceReward`` and ``GroupReward`` records as plain dicts.

    Values are decoded with the writer's schema fetched from the registry, so records written
    with a newer schema still read. ``group_id`` is the Kafka consumer group (a trainer's
    offsets); by default a fresh one that starts at the end of the topics as they are when the
    consumer is created (nothing written after that is missed), or at their beginning with
    ``from_beginning=True``. A named group resumes from its committed offsets; on its first run,
    with none yet, it starts at the first poll (at the end, or at the beginning with
    ``from_beginning=True``).

    Delivery is at least once: a record's offset is committed only once the next record is
    asked for (or the consumer is closed), so a trainer that dies while using a record reads it
    again. A record that cannot be decoded (the registry unreachable) raises and is read again
    at the next poll, not skipped.
    """

    def __init__(self, bootstrap_servers, schema_registry_url, group_id=None,
                 from_beginning=False, topics=Topics(), sequences=True, groups=True,
                 consumer_config=None):
        self._topics = topics
        self._serializer = serializer(schema_registry_url)
        config = {"bootstrap.servers": bootstrap_servers,
                  "group.id": group_id or "rewardstream-trainer-%s" % uuid.uuid4(),
                  "auto.offset.reset": "earliest" if from_beginning else "latest",
                  "isolation.level": "read_committed",
                  "enable.auto.commit": True,
                  "enable.auto.offset.store": False}
        config.update(consumer_config or {})
        self._consumer = Consumer(config)
        self._last = None
        self._closed = False
        wanted = []
        if sequences:
            wanted.append(topics.rewards)
        if groups:
            wanted.append(topics.group_rewards)
        if not wanted:
            raise ValueError("nothing to read: sequences and groups are both False")
        if group_id is None and not from_beginning:
            self._consumer.assign(current_ends(self._consumer, wanted))
        else:
            self._consumer.subscribe(wanted)

    def poll(self, timeout=1.0):
        """The next record as ``("sequence" | "group", dict)``, or None after ``timeout``. Asking
        for it marks the record returned before as used (its offset is committed)."""
        self._store_last()
        msg = self._consumer.poll(timeout)
        if msg is None:
            return None
        if msg.error():
            raise RuntimeError("consume error: %s" % msg.error())
        try:
            value = self._serializer.decode_message(msg.value())
        except Exception:
            # Not used, so not committed: the next poll reads it again.
            self._consumer.seek(TopicPartition(msg.topic(), msg.partition(), msg.offset()))
            raise
        self._last = msg
        kind = "group" if msg.topic() == self._topics.group_rewards else "sequence"
        return kind, value

    def records(self, timeout=None, max_records=None):
        """Yields ``(kind, dict)`` until ``max_records`` were read or no record came for
        ``timeout`` seconds (forever when None)."""
        count = 0
        last = time.monotonic()
        while max_records is None or count < max_records:
            record = self.poll(0.5)
            if record is None:
                if timeout is not None and time.monotonic() - last > timeout:
                    return
                continue
            last = time.monotonic()
            count += 1
            yield record

    def sequence_rewards(self, timeout=None, max_records=None):
        """Yields SequenceReward dicts. Group records read on the way are skipped, and committed
        with the rest: a consumer for this should be made with ``groups=False``."""
        for kind, value in self.records(timeout, None):
            if kind == "sequence":
                yield value
                max_records = None if max_records is None else max_records - 1
                if max_records == 0:
                    return

    def group_rewards(self, timeout=None, max_records=None):
        """Yields GroupReward dicts: every member's final reward, status, rank and GRPO
        advantage, rejected members included. Sequence records read on the way are skipped, and
        committed with the rest: a consumer for this should be made with ``sequences=False``."""
        for kind, value in self.records(timeout, None):
            if kind == "group":
                yield value
                max_records = None if max_records is None else max_records - 1
                if max_records == 0:
                    return

    def close(self):
        """Commits the records read so far (the last one included) and leaves; once."""
        if self._closed:
            return
        self._closed = True
        self._store_last()
        self._consumer.close()

    def _store_last(self):
        if self._last is not None:
            self._consumer.store_offsets(message=self._last)
            self._last = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def token_rewards(sequence_reward, fill=0.0, length=None):
    """Lays a SequenceReward's step rewards onto token positions: process (dense) rewards.

    Returns a list holding each step's reward at the step's last token (``token_end - 1``,
    response offsets) and ``fill`` elsewhere, ``tokens_generated`` long or ``length`` long (cut
    or padded with ``fill``: a generator's response may hold tokens it made after a rejection
    that it never sent). For algorithms that credit each step, such as PRIME or a process-reward
    PPO. Its sum is not the sequence's reward: for GRPO use :func:`outcome_rewards`.
    """
    size = int(sequence_reward["tokens_generated"]) if length is None else int(length)
    rewards = [fill] * size
    for step in sequence_reward["steps"]:
        end = int(step["token_end"])
        if 0 < end <= size:
            rewards[end - 1] = float(step["reward"])
    return rewards


def outcome_rewards(sequence_reward, length=None, value=None, fill=0.0):
    """One reward per response, at its last token: ``final_reward`` (the steps aggregated as
    the topology's ``reward.aggregation`` says), or ``value`` when given (a GroupReward member's
    ``advantage``, say). The shape veRL's GRPO wants: its outcome advantage sums each row of the
    token-level reward tensor, so the row must hold the sequence's reward once.
    """
    size = int(sequence_reward["tokens_generated"]) if length is None else int(length)
    rewards = [fill] * size
    if size > 0:
        reward = sequence_reward["final_reward"] if value is None else value
        rewards[min(size, max(1, int(sequence_reward["tokens_generated"]))) - 1] = float(reward)
    return rewards
