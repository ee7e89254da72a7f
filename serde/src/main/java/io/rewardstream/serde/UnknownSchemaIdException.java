package io.rewardstream.serde;

/** The registry knows no schema with the id a record's frame names (HTTP 404). */
public class UnknownSchemaIdException extends SchemaRegistryException {

  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String registry) {
    super("Schema id " + schemaId + " is not known to the schema registry at " + registry, 404);
    this.schemaId = schemaId;
  }

  /** The id that was asked for. */
  public int schemaId() {
    return schemaId;
  }
}
