package io.rewardstream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * An in-process Schema Registry for unit tests and the embedded demo, selected with {@code
 * schema.registry.url=mock://<scope>}. Every client of one scope in the JVM sees the same registry;
 * {@link #reset(String)} forgets a scope. Ids are unique in the JVM, across scopes. Like
 * Confluent's registry it assigns global ids, returns the existing id for a schema registered
 * again, and enforces BACKWARD compatibility against a subject's latest version (409 on violation).
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  /** URL scheme prefix that selects a mock registry. */
  public static final String URL_PREFIX = "mock://";

  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  // Ids are unique across scopes and resets, so a cache that outlives a reset never maps an id
  // to the wrong schema.
  private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

  private final String scope;
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of {@code scope}, created on first use. */
  public static MockSchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets everything registered in {@code scope}; later clients start from an empty registry. */
  public static void reset(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(schema);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    if (!versions.isEmpty()) {
      Schema latest = schemasById.get(versions.get(versions.size() - 1));
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        throw new IncompatibleSchemaException(subject, location(), result.getDescription());
      }
    }
    int id = existing != null ? existing : NEXT_ID.getAndIncrement();
    schemasById.put(id, schema);
    idsBySchema.put(schema, id);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    Integer id = idsBySchema.get(schema);
    List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (id == null || !versions.contains(id)) {
      throw new SchemaNotRegisteredException(
          subject,
          location(),
          versions.isEmpty() ? "subject not found" : "schema not found under the subject");
    }
    return id;
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new UnknownSchemaIdException(id, location());
    }
    return schema;
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      return true;
    }
    Schema latest = schemasById.get(versions.get(versions.size() - 1));
    return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }

  @Override
  public String location() {
    return URL_PREFIX + scope;
  }
}
