#!/usr/bin/python3
"""Interop check between RewardStream's Java serdes and Confluent's own Python Avro client.

Run by PythonInteropIT with Debian's python3-confluent-kafka (1.7) and python3-avro. It uses the
legacy ``confluent_kafka.avro`` serializer (``CachedSchemaRegistryClient`` + ``MessageSerializer``,
the machinery inside ``AvroProducer``/``AvroConsumer``) with plain ``Producer``/``Consumer``,
because RewardStream keys are plain UTF-8 strings, which ``AvroProducer`` would refuse and
``AvroConsumer`` would try to decode as Avro. The newer ``confluent_kafka.schema_registry.avro``
needs fastavro, which Debian does not package.

  interop.py produce --bootstrap HOST:PORT --registry URL --topic T --schema GenerationChunk.avsc --count N
      Produces N GenerationChunk values (keys: group ids) and prints each record sent as a JSON
      line, timestamps as epoch milliseconds.
  interop.py consume --bootstrap HOST:PORT --registry URL --topic T --count N [--timeout S]
      Reads N values written in the Confluent wire format, decodes them with the writer schema
      fetched from the registry, and prints each as a JSON line {"key": ..., "value": ...}.
"""

import argparse
import datetime
import json
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient, load
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
BASE_TIME = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)


def to_json(value):
    """JSON-ready copy of a decoded Avro value; datetimes become epoch milliseconds."""
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def generation_chunk(i, count):
    """The i-th chunk: every optional field set on even chunks, left null on odd ones."""
    full = i % 2 == 0
    return {
        "group_id": "py-group-%d" % (i // 4),
        "sequence_id": "py-seq-%d" % (i % 4),
        "chunk_index": i,
        "group_size": 4 if full else None,
        "policy_version": "policy-py-1" if full else None,
        "prompt": {"text": "What is 6 * 7?", "token_ids": [5, 6, 7]} if full else None,
        "token_ids": list(range(i, i + 64)),
        "text": "step %d ünïcode\n" % i if full else None,
        "finish_reason": "STOP" if i == count - 1 else None,
        "produced_at": BASE_TIME + datetime.timedelta(milliseconds=i),
        "attributes": {"worker": "python", "index": str(i)} if full else {},
    }


def produce(args):
    registry = CachedSchemaRegistryClient({"url": args.registry})
    serializer = MessageSerializer(registry)
    schema = load(args.schema)
    producer = Producer({"bootstrap.servers": args.bootstrap})
    errors = []

    def on_delivery(err, _msg):
        if err is not None:
            errors.append(err)

    for i in range(args.count):
        record = generation_chunk(i, args.count)
        value = serializer.encode_record_with_schema(args.topic, schema, record)
        producer.produce(args.topic, value=value, key=record["group_id"].encode("utf-8"),
                         on_delivery=on_delivery)
        print(json.dumps(to_json(record), ensure_ascii=False))
    remaining = producer.flush(args.timeout)
    if remaining or errors:
        sys.stderr.write("delivery failed: %d undelivered, errors %s\n" % (remaining, errors))
        return 1
    return 0


def consume(args):
    registry = CachedSchemaRegistryClient({"url": args.registry})
    serializer = MessageSerializer(registry)
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": "rewardstream-python-interop",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([args.topic])
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=args.timeout)
    received = 0
    try:
        while received < args.count and datetime.datetime.now() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                sys.stderr.write("consume error: %s\n" % msg.error())
                continue
            value = serializer.decode_message(msg.value())
            key = msg.key().decode("utf-8") if msg.key() is not None else None
            print(json.dumps({"key": key, "value": to_json(value)}, ensure_ascii=False))
            received += 1
    finally:
        consumer.close()
    if received < args.count:
        sys.stderr.write("received %d of %d records within %s s\n"
                         % (received, args.count, args.timeout))
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["produce", "consume"])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--schema")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    if args.command == "produce":
        if not args.schema:
            parser.error("produce needs --schema")
        return produce(args)
    return consume(args)


if __name__ == "__main__":
    sys.exit(main())
