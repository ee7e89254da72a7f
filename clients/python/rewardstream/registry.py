"""The Confluent registry client and serializer the clients share, with a request timeout."""

import requests
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer import SerializerError
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

REQUEST_TIMEOUT_S = 10.0


class _TimeoutAdapter(requests.adapters.HTTPAdapter):
    """Gives every registry request a timeout: the legacy client sends without one, so a
    registry that accepts a connection and never answers would block the caller forever."""

    def __init__(self, timeout):
        super().__init__()
        self._timeout = timeout

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeout
        return super().send(request, **kwargs)


def serializer(schema_registry_url, timeout=REQUEST_TIMEOUT_S):
    """A ``MessageSerializer`` over a registry client whose requests time out."""
    client = CachedSchemaRegistryClient({"url": schema_registry_url})
    adapter = _TimeoutAdapter(timeout)
    client._session.mount("http://", adapter)
    client._session.mount("https://", adapter)
    return MessageSerializer(client)


def registry_failed(error):
    """Whether a decode failed because the registry could not answer (worth retrying), rather
    than because the record is not a readable frame (a bad magic byte, an unknown schema id)."""
    return isinstance(error, (requests.exceptions.RequestException, OSError)) or (
        isinstance(error, SerializerError) and "unable to fetch schema" in str(error)
        and "not found" not in str(error).lower())
