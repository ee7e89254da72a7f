"""GenerationPublisher: what a generation worker (vLLM, SGLang, HF generate) needs."""

import collections
import datetime
import logging
import threading
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

from .offsets import current_ends
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
    """

    ENDED_KEPT = 10_000

    def __init__(self, bootstrap_servers, schema_registry_url, on_rejection=None,
                 topics=Topics(), producer_config=None, consumer_config=None,
                 listen_for_rejections=True):
        self._topics = topics
        self._on_rejection = on_rejection
        self._serializer = MessageSerializer(CachedSchemaRegistryClient({"url": schema_registry_url}))
        self._schema = load_schema("GenerationChunk")
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
        with self._lock:
            if key in self._sequences:
                raise ValueError("sequence %s/%s already started" % key)
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
            self._send(seq, list(token_ids), text, None)
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
            self._send(seq, list(token_ids), text, reason)
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
        if self._errors:
            raise RuntimeError("chunk delivery failed: %s" % self._errors[:3])

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

    def _end(self, seq):
        seq.ended = True
        self._ended.append((seq.group_id, seq.sequence_id))
        while len(self._ended) > self.ENDED_KEPT:
            self._sequences.pop(self._ended.popleft(), None)

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
                self._send(seq, [], None, "ABORTED")
                self._end(seq)
