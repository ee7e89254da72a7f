"""Where the Avro schemas and topic names come from.

The schemas are not copied here: they are read from the repository's ``serde/src/main/avro``
(or from the directory in ``$REWARDSTREAM_SCHEMA_DIR``), the one definition the Java side
generates its classes from.
"""

import os
from dataclasses import dataclass

from confluent_kafka.avro import load

_HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA_DIR = os.path.normpath(
    os.path.join(_HERE, "..", "..", "..", "serde", "src", "main", "avro"))


def schema_dir():
    """The directory of the ``.avsc`` files."""
    return os.environ.get("REWARDSTREAM_SCHEMA_DIR", DEFAULT_SCHEMA_DIR)


def load_schema(name):
    """Parses ``<name>.avsc`` (e.g. ``GenerationChunk``) from :func:`schema_dir`."""
    path = os.path.join(schema_dir(), name + ".avsc")
    if not os.path.isfile(path):
        raise FileNotFoundError(
            "Avro schema %s not found; expected it in %s (set REWARDSTREAM_SCHEMA_DIR)"
            % (path, schema_dir()))
    return load(path)


@dataclass(frozen=True)
class Topics:
    """Topic names; the defaults match the topology's ``topics.*`` settings."""

    generations: str = "rewardstream.generations"
    rejections: str = "rewardstream.rejections"
    rewards: str = "rewardstream.rewards"
    group_rewards: str = "rewardstream.group-rewards"
