"""Python clients for RewardStream's Kafka topics.

``GenerationPublisher`` is for generation workers: it streams candidates' tokens to the
generations topic and aborts candidates whose early rejection arrives. ``RewardConsumer`` is for
trainers: it reads sequence and group rewards as plain dicts. ``outcome_rewards`` puts a
sequence's reward at its last token (the token-level reward row GRPO sums); ``token_rewards``
lays its step rewards onto their last tokens (process rewards).

Built on Debian's python3-confluent-kafka (1.7) and python3-avro, with the legacy
``confluent_kafka.avro`` serializer (no fastavro needed).
"""

from .consumer import RewardConsumer, outcome_rewards, token_rewards
from .publisher import GenerationPublisher
from .schemas import Topics, load_schema

__all__ = ["GenerationPublisher", "RewardConsumer", "Topics", "load_schema", "outcome_rewards",
           "token_rewards"]
