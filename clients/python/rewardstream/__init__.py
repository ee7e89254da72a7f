"""Python clients for RewardStream's Kafka topics.

``GenerationPublisher`` is for generation workers: it streams candidates' tokens to the
generations topic and aborts candidates whose early rejection arrives. ``RewardConsumer`` is for
trainers: it reads sequence and group rewards as plain dicts. ``token_rewards`` lays a sequence's
step rewards onto token positions, the shape veRL's reward tensor wants.

Built on Debian's python3-confluent-kafka (1.7) and python3-avro, with the legacy
``confluent_kafka.avro`` serializer (no fastavro needed).
"""

from .consumer import RewardConsumer, token_rewards
from .publisher import GenerationPublisher
from .schemas import Topics, load_schema

__all__ = ["GenerationPublisher", "RewardConsumer", "Topics", "load_schema", "token_rewards"]
