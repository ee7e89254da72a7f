"""Where a reader that must miss nothing written from now on starts."""

from confluent_kafka import OFFSET_END, TopicPartition


def current_ends(consumer, topics, timeout=30):
    """Every partition of ``topics`` at its current end (high watermark), resolved now.

    A consumer that subscribes with ``auto.offset.reset=latest`` finds its start only at its
    first poll, after the group's first rebalance (seconds later): whatever is written in between
    would be missed. Assigning these positions at construction misses nothing written after it.
    """
    partitions = []
    for topic in topics:
        metadata = consumer.list_topics(topic, timeout=timeout)
        if metadata.topics[topic].error is not None:
            raise RuntimeError("topic %s: %s" % (topic, metadata.topics[topic].error))
        for p in metadata.topics[topic].partitions:
            _low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout)
            partitions.append(TopicPartition(topic, p, high if high >= 0 else OFFSET_END))
    return partitions
