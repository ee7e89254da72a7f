package io.rewardstream.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach the wrapped client, per operation and argument. */
final class CountingSchemaRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  CountingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  /** Calls of {@code register} for {@code subject}. */
  int registrations(String subject) {
    return count("register " + subject);
  }

  /** Calls of {@code getId} for {@code subject}. */
  int lookups(String subject) {
    return count("getId " + subject);
  }

  /** Calls of {@code getSchemaById} for {@code id}. */
  int fetches(int id) {
    return count("getSchemaById " + id);
  }

  /** All calls. */
  int total() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public int register(String subject, Schema schema) {
    increment("register " + subject);
    return delegate.register(subject, schema);
  }

  @Override
  public int getId(String subject, Schema schema) {
    increment("getId " + subject);
    return delegate.getId(subject, schema);
  }

  @Override
  public Schema getSchemaById(int id) {
    increment("getSchemaById " + id);
    return delegate.getSchemaById(id);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    increment("isCompatible " + subject);
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  private void increment(String key) {
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private int count(String key) {
    AtomicInteger count = counts.get(key);
    return count == null ? 0 : count.get();
  }
}
