"""Unit tests of the Python clients that need no broker (run: python3 -m unittest discover)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import threading  # noqa: E402
import time  # noqa: E402

import requests  # noqa: E402

from rewardstream import (  # noqa: E402
    GenerationPublisher, RewardConsumer, Topics, load_schema, outcome_rewards, token_rewards)


class FakeProducer:
    def __init__(self):
        self.sent = []
        self.events = []
        self.deliveries = []

    def produce(self, topic, value, key, on_delivery):
        self.sent.append((topic, key, value))
        self.events.append(("produce", value.get("finish_reason")))
        self.deliveries.append(on_delivery)

    def poll(self, _timeout):
        return 0

    def flush(self, _timeout):
        self.events.append(("flush", None))
        return 0


class FakeSerializer:
    def encode_record_with_schema(self, topic, schema, record):
        return dict(record)


def publisher(on_rejection=None):
    p = GenerationPublisher("127.0.0.1:1", "http://127.0.0.1:1", on_rejection=on_rejection,
                            listen_for_rejections=False, producer_config={"log_level": 0})
    p._producer = FakeProducer()
    p._serializer = FakeSerializer()
    return p


class TokenRewardsTest(unittest.TestCase):
    def test_places_each_step_reward_at_the_steps_last_token(self):
        reward = {"tokens_generated": 7, "steps": [
            {"step_index": 0, "token_start": 0, "token_end": 3, "reward": 0.9, "partial": False},
            {"step_index": 1, "token_start": 3, "token_end": 7, "reward": 0.2, "partial": False}]}

        self.assertEqual(token_rewards(reward), [0.0, 0.0, 0.9, 0.0, 0.0, 0.0, 0.2])

    def test_gives_a_list_as_long_as_the_tokens_even_without_steps(self):
        self.assertEqual(token_rewards({"tokens_generated": 3, "steps": []}), [0.0, 0.0, 0.0])

    def test_cuts_or_pads_to_the_length_asked_for(self):
        reward = {"tokens_generated": 4, "steps": [
            {"step_index": 0, "token_start": 0, "token_end": 4, "reward": 0.5, "partial": False}]}

        self.assertEqual(token_rewards(reward, length=6), [0.0, 0.0, 0.0, 0.5, 0.0, 0.0])
        self.assertEqual(token_rewards(reward, length=2), [0.0, 0.0])


class OutcomeRewardsTest(unittest.TestCase):
    REWARD = {"tokens_generated": 5, "final_reward": 0.25, "steps": [
        {"step_index": 0, "token_start": 0, "token_end": 2, "reward": 0.9, "partial": False},
        {"step_index": 1, "token_start": 2, "token_end": 5, "reward": 0.25, "partial": False}]}

    def test_puts_the_sequences_reward_once_at_its_last_token(self):
        rewards = outcome_rewards(self.REWARD)

        self.assertEqual(rewards, [0.0, 0.0, 0.0, 0.0, 0.25])
        self.assertEqual(sum(rewards), self.REWARD["final_reward"])

    def test_keeps_it_at_the_last_sent_token_of_a_longer_row_and_takes_an_advantage(self):
        self.assertEqual(outcome_rewards(self.REWARD, length=7, value=-1.5),
                         [0.0, 0.0, 0.0, 0.0, -1.5, 0.0, 0.0])
        self.assertEqual(outcome_rewards(self.REWARD, length=3), [0.0, 0.0, 0.25])


class PublisherTest(unittest.TestCase):
    def test_sends_group_size_prompt_and_version_on_chunk_zero_only(self):
        p = publisher()
        p.start_sequence("g", "s0", 4, prompt_text="Q", prompt_token_ids=[1, 2], policy_version="v1")
        p.append("g", "s0", [5, 6], text="ab")
        p.finish("g", "s0", token_ids=[7])

        chunks = [value for _topic, _key, value in p._producer.sent]
        self.assertEqual([c["chunk_index"] for c in chunks], [0, 1])
        self.assertEqual(chunks[0]["group_size"], 4)
        self.assertEqual(chunks[0]["prompt"], {"text": "Q", "token_ids": [1, 2]})
        self.assertEqual(chunks[0]["policy_version"], "v1")
        self.assertIsNone(chunks[1]["group_size"])
        self.assertEqual(chunks[1]["finish_reason"], "STOP")
        self.assertEqual(chunks[1]["token_ids"], [7])
        self.assertEqual({key for _t, key, _v in p._producer.sent}, {b"g"})

    def test_calls_back_then_aborts_a_rejected_sequence_and_ignores_later_tokens(self):
        calls = []
        p = publisher(on_rejection=calls.append)
        p.start_sequence("g", "s1", 2)
        p.append("g", "s1", [1, 2, 3])

        p._rejected({"group_id": "g", "sequence_id": "s1", "step_index": 0})

        self.assertEqual(len(calls), 1)
        self.assertTrue(p.is_rejected("g", "s1"))
        last = p._producer.sent[-1][2]
        self.assertEqual(last["finish_reason"], "ABORTED")
        self.assertEqual(last["token_ids"], [])
        self.assertFalse(p.append("g", "s1", [4]))
        self.assertFalse(p.finish("g", "s1"))
        self.assertEqual(len(p._producer.sent), 2)

    def test_ignores_rejections_of_sequences_it_did_not_start(self):
        calls = []
        p = publisher(on_rejection=calls.append)

        p._rejected({"group_id": "other", "sequence_id": "x"})

        self.assertEqual(calls, [])
        self.assertEqual(p._producer.sent, [])

    def test_refuses_an_unknown_finish_reason(self):
        p = publisher()
        p.start_sequence("g", "s", 1)
        with self.assertRaises(ValueError):
            p.finish("g", "s", reason="ABORTED")


    def test_delivers_the_abort_of_a_rejection_that_arrives_while_closing(self):
        p = publisher()
        p.start_sequence("g", "s", 2)
        p.append("g", "s", [1])

        def listener():
            p._closed.wait()
            p._rejected({"group_id": "g", "sequence_id": "s", "step_index": 0})

        p._listener = threading.Thread(target=listener)
        p._listener.start()
        p.close(timeout=5)

        self.assertEqual(p._producer.events[-2:], [("produce", "ABORTED"), ("flush", None)])


    def test_refuses_to_go_on_with_a_sequence_whose_chunk_was_not_delivered(self):
        p = publisher()
        p.start_sequence("g", "s", 2)
        p.append("g", "s", [1])
        p.append("g", "s", [2])
        p.start_sequence("g", "t", 2)
        p.append("g", "t", [3])

        p._producer.deliveries[0](RuntimeError("message timed out"), None)

        with self.assertRaisesRegex(RuntimeError, "g/s was not delivered .*message timed out"):
            p.append("g", "s", [4])
        with self.assertRaises(RuntimeError):
            p.finish("g", "s")
        self.assertTrue(p.append("g", "t", [5]))

    def test_forgets_all_but_the_latest_ended_sequences(self):
        p = publisher()
        p.ENDED_KEPT = 2
        for sid in ("s0", "s1", "s2"):
            p.start_sequence("g", sid, 3)
            p.finish("g", sid, token_ids=[1])
        p.start_sequence("g", "live", 3)

        self.assertEqual(set(p._sequences), {("g", "s1"), ("g", "s2"), ("g", "live")})
        self.assertFalse(p.finish("g", "s2"))


class PublisherLimitsTest(unittest.TestCase):
    def test_refuses_what_the_topology_would_dead_letter(self):
        p = GenerationPublisher("127.0.0.1:1", "http://127.0.0.1:1", listen_for_rejections=False,
                                producer_config={"log_level": 0}, max_prompt_tokens=3,
                                max_text_chars=4, max_group_size=8)
        p._producer = FakeProducer()
        p._serializer = FakeSerializer()
        for args, kwargs, message in [
                (("g", " ", 2), {}, "sequence_id must be a non-blank"),
                (("", "s", 2), {}, "group_id must be a non-blank"),
                (("g", "s", 0), {}, "group_size must lie in 1..8"),
                (("g", "s", 9), {}, "group_size must lie in 1..8"),
                (("g", "s", 2), {"policy_version": "v" * 1025}, "policy_version has 1025"),
                (("g", "s", 2), {"prompt_token_ids": [1, 2, 3, 4]}, "more than max_prompt_tokens"),
        ]:
            with self.assertRaisesRegex(ValueError, message):
                p.start_sequence(*args, **kwargs)
        p.start_sequence("g", "a", 1)
        with self.assertRaisesRegex(ValueError, "already has its group_size of 1"):
            p.start_sequence("g", "b", 1)
        with self.assertRaisesRegex(ValueError, "more than max_text_chars 4"):
            p.append("g", "a", [1], text="12345")
        self.assertEqual(p._producer.sent, [])

    def test_sends_a_long_append_without_text_as_several_chunks(self):
        p = GenerationPublisher("127.0.0.1:1", "http://127.0.0.1:1", listen_for_rejections=False,
                                producer_config={"log_level": 0}, max_chunk_tokens=3)
        p._producer = FakeProducer()
        p._serializer = FakeSerializer()
        p.start_sequence("g", "s", 1)

        p.append("g", "s", list(range(7)))
        p.finish("g", "s", token_ids=[7, 8, 9, 10])
        with self.assertRaisesRegex(ValueError, "append them in parts"):
            p.start_sequence("g2", "s", 1)
            p.append("g2", "s", list(range(4)), text="abcd")

        chunks = [value for _topic, _key, value in p._producer.sent]
        self.assertEqual([c["token_ids"] for c in chunks],
                         [[0, 1, 2], [3, 4, 5], [6], [7, 8, 9], [10]])
        self.assertEqual([c["chunk_index"] for c in chunks], [0, 1, 2, 3, 4])
        self.assertEqual([c["finish_reason"] for c in chunks], [None] * 4 + ["STOP"])

    def test_reports_a_delivery_failure_once(self):
        p = publisher()
        p.start_sequence("g", "s", 1)
        p.append("g", "s", [1])
        p._producer.deliveries[0](RuntimeError("message timed out"), None)

        with self.assertRaisesRegex(RuntimeError, "message timed out"):
            p.flush(1)
        p.flush(1)


class ListenerTest(unittest.TestCase):
    def test_reads_a_rejection_again_once_the_registry_answers(self):
        calls = []
        p = publisher(on_rejection=calls.append)
        p.start_sequence("g", "s", 1)
        p.append("g", "s", [1])
        rejection = {"group_id": "g", "sequence_id": "s", "decided_at": 0,
                     "source_produced_at": 0}
        p._consumer = FakeConsumer([FakeMessage(Topics().rejections, 3, rejection)])
        p._serializer = FakeDecoder(failures=1)
        p._serializer.encode_record_with_schema = FakeSerializer().encode_record_with_schema

        def stop_when_called(deadline=time.monotonic() + 5):
            while not calls and time.monotonic() < deadline:
                threading.Event().wait(0.01)
            p._closed.set()

        stopper = threading.Thread(target=stop_when_called)
        stopper.start()
        p._listen()
        stopper.join(5)

        self.assertEqual(calls, [rejection])
        self.assertEqual(p._consumer.seeks, [3])
        self.assertTrue(p.is_rejected("g", "s"))


class FakeMessage:
    def __init__(self, topic, offset, value=None):
        self._topic = topic
        self._offset = offset
        self._value = value

    def offset(self):
        return self._offset

    def error(self):
        return None

    def topic(self):
        return self._topic

    def partition(self):
        return 0

    def value(self):
        return {"offset": self._offset} if self._value is None else self._value


class FakeConsumer:
    def __init__(self, messages):
        self.messages = list(messages)
        self.read = {m.offset(): m for m in self.messages}
        self.seeks = []
        self.stored = []
        self.closed = False

    def poll(self, _timeout):
        return self.messages.pop(0) if self.messages else None

    def seek(self, partition):
        self.seeks.append(partition.offset)
        self.messages.insert(0, self.read[partition.offset])

    def store_offsets(self, message):
        self.stored.append(message.offset())

    def close(self):
        self.closed = True


class FakeDecoder:
    def __init__(self, failures=0):
        self.failures = failures

    def decode_message(self, value):
        if self.failures:
            self.failures -= 1
            raise requests.exceptions.ConnectionError("registry unreachable")
        return value


def consumer_reading(*offsets):
    c = RewardConsumer.__new__(RewardConsumer)
    c._topics = Topics()
    c._serializer = FakeDecoder()
    c._consumer = FakeConsumer(FakeMessage(Topics().rewards, o) for o in offsets)
    c._last = None
    c._closed = False
    return c


class RewardConsumerTest(unittest.TestCase):
    def test_commits_a_record_only_once_the_next_one_is_asked_for(self):
        c = consumer_reading(5, 6)

        self.assertEqual(c.poll(0), ("sequence", {"offset": 5}))
        self.assertEqual(c._consumer.stored, [])
        self.assertEqual(c.poll(0), ("sequence", {"offset": 6}))
        self.assertEqual(c._consumer.stored, [5])

    def test_reads_a_record_it_could_not_decode_again_instead_of_committing_it(self):
        c = consumer_reading(5, 6)
        c.poll(0)
        c._serializer = FakeDecoder(failures=1)

        with self.assertRaises(requests.exceptions.ConnectionError):
            c.poll(0)
        self.assertEqual(c._consumer.stored, [5])
        self.assertEqual(c.poll(0), ("sequence", {"offset": 6}))
        c.close()
        c.close()

        self.assertEqual(c._consumer.stored, [5, 6])
        self.assertEqual(c._consumer.seeks, [6])

    def test_commits_the_last_record_on_close(self):
        c = consumer_reading(5)
        c.poll(0)

        c.close()

        self.assertEqual(c._consumer.stored, [5])
        self.assertTrue(c._consumer.closed)


class SchemaTest(unittest.TestCase):
    def test_reads_the_generation_chunk_schema_from_the_serde_module(self):
        self.assertEqual(load_schema("GenerationChunk").fullname, "io.rewardstream.avro.GenerationChunk")

    def test_defaults_to_the_topologys_topic_names(self):
        self.assertEqual(Topics().generations, "rewardstream.generations")
        self.assertEqual(Topics().group_rewards, "rewardstream.group-rewards")


if __name__ == "__main__":
    unittest.main()
