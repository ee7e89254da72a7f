package io.rewardstream.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches another {@link SchemaRegistryClient} both ways: {@code (subject, schema) -> id} for
 * serializers and {@code id -> schema} for deserializers. Ids are immutable in a registry, so
 * entries never expire; a warm cache makes the serdes' hot path free of network calls.
 * Compatibility checks are never cached.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistryClient delegate;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  /** Caches the answers of {@code delegate}. */
  public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    return ids.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> remember(delegate.register(subject, schema), schema));
  }

  @Override
  public int getId(String subject, Schema schema) {
    return ids.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> remember(delegate.getId(subject, schema), schema));
  }

  @Override
  public Schema getSchemaById(int id) {
    return schemas.computeIfAbsent(id, delegate::getSchemaById);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private int remember(int id, Schema schema) {
    schemas.putIfAbsent(id, schema);
    return id;
  }
}
