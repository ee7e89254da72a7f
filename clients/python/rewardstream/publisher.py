"""GenerationPublisher: what a generation worker (vLLM, SGLang, HF generate) needs."""

import collections
import datetime
import logging
import threading
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

from .offsets import current_ends
from .registry import registry_failed, serializer
from .schemas import Topics, load_schema

log = logging.getLogger(__name__)

FINISH_REASONS = ("STOP", "LENGTH", "ABORTED")


class _Sequence:
    __slots__ = ("group_id", "sequence_id", "group_size", "prompt", "policy_version",
                 "attributes", "next_index", "tokens", "rejected", "ended", "undelivered")

    def __init__(self, group_id, sequence_id, group_size, prompt, policy_version, attributes):
        self.group_id = group_id
        self.sequence_id = sequence_id
        self.group_size = group_size
        self.prompt = prompt
        self.policy_version = policy_version
        self.attributes = attributes
        self.next_index = 0
        self.tokens = 0
        self.rejected = None
        self.ended = False
        self.undelivered = None


class GenerationPublisher:
    """Streams candidates to ``rewardstream.generations`` and aborts the rejected ones.

    Every candidate (sequence) of a prompt (group) is started with :meth:`start_sequence`, grows
    with :meth:`append` (token-id deltas, optionally their text) and ends with :meth:`finish`.
    Records are keyed by ``group_id`` and written in the Confluent wire format.

    A background thread reads ``rewardstream.rejections`` (committed records only, from the
    moment the publisher was created). When a rejection for one of this publisher's sequences
    arrives, ``on_rejection(rejection_dict)`` is called - where a vLLM worker calls
    ``abort_request`` - and the publisher then sends the sequence's last chunk with
    ``finish_reason = ABORTED``; later ``append`` calls for it are ignored and return False.

    Ended sequences are remembered (for :meth:`is_rejected`, :meth:`rejection` and late calls)
    up to the latest ``ENDED_KEPT`` of them, so that a long-running worker's memory stays bounded.

    What the topology would dead-letter is refused here with a ``ValueError``: blank ids, a
    ``group_size`` outside 1..``max_group_size``, more members started for a group than its size,
    a policy version over 1,024 characters, a prompt over ``max_prompt_tokens``, a chunk's text
    over ``max_text_chars``. An ``append`` of more than ``max_chunk_tokens`` token ids without
    text is sent as several chunks. The limits default to the topology's (``group.max-size``,
    ``chunk.max-prompt-tokens``, ``chunk.max-text-chars``, ``chunk.max-tokens``). A group id
    cannot be used again once its GroupReward went out.

    ``on_rejection`` runs on the listener thread, one rejection after the other: hand the abort
    to the engine's own thread or loop (for vLLM's async engine,
    ``asyncio.run_coroutine_threadsafe(engine.abort(request_id), loop)``) rather than doing slow
    work there.
    """

    ENDED_KEPT = 10_000
    MAX_POLICY_VERSION_CHARS = 1024

    def __init__(self, bootstrap_servers, schema_registry_url, on_rejection=None,
                 topics=Topics(), producer_config=None, consumer_config=None,
                 listen_for_rejections=True, max_chunk_tokens=4096, max_text_chars=65536,
                 max_prompt_tokens=65536, max_group_size=4096):
        self._topics = topics
        self._on_rejection = on_rejection
        self._serializer = serializer(schema_registry_url)
        self._schema = load_schema("GenerationChunk")
        self._max_chunk_tokens = int(max_chunk_tokens)
        self._max_text_chars = int(max_text_chars)
        self._max_prompt_tokens = int(max_prompt_tokens)
        self._max_group_size = int(max_group_size)
        self._members = collections.Counter()
        config = {"bootstrap.servers": bootstrap_servers, "linger.ms": 2,
                  "enable.idempotence": True}
        config.update(producer_config or {})
        self._producer = Producer(config)
        self._lock = threading.RLock()
        self._sequences = {}
        self._ended = collections.deque()
        self._errors = []
        self._closed = threading.Event()
        self._listener = None
        if listen_for_rejections:
            self._consumer = self._rejection_consumer(bootstrap_servers, consumer_config)
            self._listener = threading.Thread(target=self._listen, name="rewardstream-rejections",
                                              daemon=True)
            self._listener.start()

    # ---- generation -------------------------------------------------------------------------

    def start_sequence(self, group_id, sequence_id, group_size, prompt_text=None,
                       prompt_token_ids=None, policy_version=None, attributes=None):
        """Registers a candidate; its first chunk (sent by the first append or finish) carries
        the group size, the prompt and the policy version."""
        key = (group_id, sequence_id)
        self._check_start(group_id, sequence_id, group_size, prompt_token_ids, policy_version)
        with self._lock:
            if key in self._sequences:
                raise ValueError("sequence %s/%s already started" % key)
            if self._members[group_id] >= int(group_size):
                raise ValueError("group %s already has its group_size of %d members"
                                 % (group_id, int(group_size)))
            self._members[group_id] += 1
            prompt = None
            if prompt_text is not None or prompt_token_ids is not None:
                prompt = {"text": prompt_text,
                          "token_ids": list(prompt_token_ids) if prompt_token_ids is not None else None}
            self._sequences[key] = _Sequence(group_id, sequence_id, int(group_size), prompt,
                                             policy_version, dict(attributes or {}))

    def append(self, group_id, sequence_id, token_ids, text=None):
        """Sends newly generated token ids; returns False (and sends nothing) once the sequence
        was rejected or has ended."""
        with self._lock:
            seq = self._sequence(group_id, sequence_id)
            if seq.rejected is not None or seq.ended:
                return False
            self._check_delivered(seq)
            for ids, piece_text in self._pieces(token_ids, text):
                self._send(seq, ids, piece_text, None)
            return True

    def finish(self, group_id, sequence_id, reason="STOP", token_ids=(), text=None):
        """Sends the last chunk (with any last tokens) and ``finish_reason`` STOP or LENGTH;
        returns False when the sequence had already ended (for example, rejected)."""
        if reason not in ("STOP", "LENGTH"):
            raise ValueError("finish reason must be STOP or LENGTH, was %r" % (reason,))
        with self._lock:
            seq = self._sequence(group_id, sequence_id)
            if seq.rejected is not None or seq.ended:
                return False
            self._check_delivered(seq)
            pieces = self._pieces(token_ids, text)
            for ids, piece_text in pieces[:-1]:
                self._send(seq, ids, piece_text, None)
            self._send(seq, pieces[-1][0], pieces[-1][1], reason)
            self._end(seq)
            return True

    def abort(self, group_id, sequence_id):
        """Stops a candidate for a reason of the worker's own: last chunk ABORTED."""
        with self._lock:
            seq = self._sequence(group_id, sequence_id)
            if not seq.ended:
                self._send(seq, [], None, "ABORTED")
                self._end(seq)

    def is_rejected(self, group_id, sequence_id):
        with self._lock:
            seq = self._sequences.get((group_id, sequence_id))
            return seq is not None and seq.rejected is not None

    def rejection(self, group_id, sequence_id):
        """The rejection dict of a rejected sequence, else None."""
        with self._lock:
            seq = self._sequences.get((group_id, sequence_id))
            return None if seq is None else seq.rejected

    def flush(self, timeout=30.0):
        """Waits for every chunk to be acknowledged; raises on delivery errors."""
        remaining = self._producer.flush(timeout)
        if remaining:
            raise RuntimeError("%d chunks not delivered within %s s" % (remaining, timeout))
        # Each failure is reported once: the sequences it hit refuse further chunks anyway.
        errors, self._errors = self._errors, []
        if errors:
            raise RuntimeError("chunk delivery failed: %s" % errors[:3])

    def close(self, timeout=30.0):
        """Stops the rejection listener, then flushes: an ABORTED chunk sent for a rejection
        that arrived while closing is delivered too."""
        self._closed.set()
        if self._listener is not None:
            self._listener.join(timeout)
        self.flush(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- internals --------------------------------------------------------------------------

    def _sequence(self, group_id, sequence_id):
        seq = self._sequences.get((group_id, sequence_id))
        if seq is None:
            raise KeyError("sequence %s/%s was not started" % (group_id, sequence_id))
        return seq

    @staticmethod
    def _check_delivered(seq):
        if seq.undelivered is not None:
            raise RuntimeError(
                "a chunk of %s/%s was not delivered (%s): its later chunks would stop at the gap"
                " in chunk_index, so the sequence cannot continue; start it again under a new"
                " sequence_id" % (seq.group_id, seq.sequence_id, seq.undelivered))

    def _check_start(self, group_id, sequence_id, group_size, prompt_token_ids, policy_version):
        for name, value in (("group_id", group_id), ("sequence_id", sequence_id)):
            if not isinstance(value, str) or not value.strip():
                raise ValueError("%s must be a non-blank string, was %r" % (name, value))
        if not 1 <= int(group_size) <= self._max_group_size:
            raise ValueError("group_size must lie in 1..%d (group.max-size), was %s"
                             % (self._max_group_size, group_size))
        if policy_version is not None and len(policy_version) > self.MAX_POLICY_VERSION_CHARS:
            raise ValueError("policy_version has %d characters, at most %d are accepted"
                             % (len(policy_version), self.MAX_POLICY_VERSION_CHARS))
        if prompt_token_ids is not None and len(prompt_token_ids) > self._max_prompt_tokens:
            raise ValueError("the prompt has %d token ids, more than max_prompt_tokens %d"
                             % (len(prompt_token_ids), self._max_prompt_tokens))

    def _pieces(self, token_ids, text):
        """The chunks ``token_ids`` and ``text`` go out as: one, or ``max_chunk_tokens`` ids
        each when there are more and no text (text cannot be cut where the ids are)."""
        token_ids = list(token_ids)
        if text is not None and len(text) > self._max_text_chars:
            raise ValueError("a chunk's text of %d characters is more than max_text_chars %d"
                             % (len(text), self._max_text_chars))
        step = self._max_chunk_tokens
        if len(token_ids) <= step:
            return [(token_ids, text)]
        if text is not None:
            raise ValueError("%d token ids with their text are more than max_chunk_tokens %d:"
                             " append them in parts" % (len(token_ids), step))
        return [(token_ids[i:i + step], None) for i in range(0, len(token_ids), step)]

    def _end(self, seq):
        seq.ended = True
        self._ended.append((seq.group_id, seq.sequence_id))
        while len(self._ended) > self.ENDED_KEPT:
            group_id, sequence_id = self._ended.popleft()
            self._sequences.pop((group_id, sequence_id), None)
            self._members[group_id] -= 1
            if self._members[group_id] <= 0:
                del self._members[group_id]

    def _send(self, seq, token_ids, text, finish_reason):
        first = seq.next_index == 0
        chunk = {
            "group_id": seq.group_id,
            "sequence_id": seq.sequence_id,
            "chunk_index": seq.next_index,
            "group_size": seq.group_size if first else None,
            "policy_version": seq.policy_version if first else None,
            "prompt": seq.prompt if first else None,
            "token_ids": token_ids,
            "text": text,
            "finish_reason": finish_reason,
            "produced_at": datetime.datetime.now(datetime.timezone.utc),
            "attributes": seq.attributes if first else {},
        }
        value = self._serializer.encode_record_with_schema(self._topics.generations, self._schema,
                                                           chunk)
        self._producer.produce(self._topics.generations, value=value,
                               key=seq.group_id.encode("utf-8"),
                               on_delivery=lambda err, msg: self._delivered(err, msg, seq))
        self._producer.poll(0)
        seq.next_index += 1
        seq.tokens += len(token_ids)

    def _delivered(self, err, _msg, seq):
        if err is not None:
            self._errors.append(err)
            # The topology needs every chunk_index: the chunks after a lost one would wait behind
            # the gap and then be dead-lettered, so the sequence cannot go on.
            seq.undelivered = err

    def _rejection_consumer(self, bootstrap_servers, consumer_config):
        config = {"bootstrap.servers": bootstrap_servers,
                  "group.id": "rewardstream-publisher-%s" % uuid.uuid4(),
                  "enable.auto.commit": False,
                  "isolation.level": "read_committed",
                  "fetch.wait.max.ms": 10}
        config.update(consumer_config or {})
        consumer = Consumer(config)
        # No rejection of a sequence started after construction can be missed.
        partitions = current_ends(consumer, [self._topics.rejections])
        consumer.assign(partitions)
        log.debug("listening for rejections from %s", partitions)
        return consumer

    def _listen(self):
        try:
            while not self._closed.is_set():
                msg = self._consumer.poll(0.1)
                if msg is None:
                    continue
                if msg.error():
                    log.warning("rejections consumer: %s", msg.error())
                    continue
                try:
                    rejection = self._serializer.decode_message(msg.value())
                except Exception as e:  # pylint: disable=broad-except
                    if registry_failed(e):
                        # Not the record's fault: read it again once the registry answers.
                        log.warning("rejection at %s[%d]@%d cannot be decoded now (%s); retrying",
                                    msg.topic(), msg.partition(), msg.offset(), e)
                        self._consumer.seek(
                            TopicPartition(msg.topic(), msg.partition(), msg.offset()))
                        self._closed.wait(1.0)
                    else:
                        log.exception("rejection at %s[%d]@%d is not a readable frame; skipped",
                                      msg.topic(), msg.partition(), msg.offset())
                    continue
                try:
                    log.debug("rejection of %s/%s read from %s[%d]@%d (decided at %s, source %s)",
                              rejection["group_id"], rejection["sequence_id"], msg.topic(),
                              msg.partition(), msg.offset(), rejection["decided_at"],
                              rejection["source_produced_at"])
                    self._rejected(rejection)
                except Exception:  # one bad record must not stop acting on the next rejections
                    log.exception("rejection at %s[%d]@%d not handled", msg.topic(),
                                  msg.partition(), msg.offset())
        finally:
            self._consumer.close()

    def _rejected(self, rejection):
        key = (rejection["group_id"], rejection["sequence_id"])
        with self._lock:
            seq = self._sequences.get(key)
            if seq is None or seq.rejected is not None or seq.ended:
                log.debug("rejection of %s/%s ignored: %s", key[0], key[1],
                          "not ours" if seq is None else "already ended")
                return
            seq.rejected = rejection
        if self._on_rejection is not None:
            try:
                self._on_rejection(rejection)
            except Exception:  # the worker's callback must not stop the listener
                log.exception("on_rejection callback failed for %s/%s", *key)
        with self._lock:
            if not seq.ended:
                try:
                    self._send(seq, [], None, "ABORTED")
                finally:
                    # Without its ABORTED chunk the topology ends it after its ack timeout.
                    self._end(seq)
