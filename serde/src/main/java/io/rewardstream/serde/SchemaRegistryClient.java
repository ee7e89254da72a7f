package io.rewardstream.serde;

import java.io.Closeable;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the Avro serdes need. Implementations: {@link
 * RestSchemaRegistryClient} (HTTP), {@link CachedSchemaRegistryClient} (caches any client both
 * ways) and {@link MockSchemaRegistry#forScope(String)} (in-process, for tests and the demo).
 *
 * <p>Every failure is a {@link SchemaRegistryException}, itself a Kafka {@code
 * SerializationException}, so that it reaches Kafka Streams' deserialization handlers.
 */
public interface SchemaRegistryClient extends Closeable {

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its global id; registering a schema that is already there returns the existing id.
   *
   * @throws IncompatibleSchemaException when the subject's compatibility rule refuses it (409)
   */
  int register(String subject, Schema schema);

  /**
   * Looks up the id of {@code schema} under {@code subject} ({@code POST /subjects/{subject}}).
   *
   * @throws SchemaNotRegisteredException when the subject or the schema is unknown (404)
   */
  int getId(String subject, Schema schema);

  /**
   * Fetches the schema with the given global id ({@code GET /schemas/ids/{id}}).
   *
   * @throws UnknownSchemaIdException when the registry knows no such id (404)
   */
  Schema getSchemaById(int id);

  /**
   * Tests {@code schema} against the subject's latest version under the subject's compatibility
   * rule ({@code POST /compatibility/subjects/{subject}/versions/latest}); a subject without
   * versions accepts anything.
   */
  boolean isCompatible(String subject, Schema schema);

  /** Where the registry is, for messages: its URL(s) or {@code mock://<scope>}. */
  String location();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
