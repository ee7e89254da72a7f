package io.rewardstream.serde;

/**
 * The schema a record's frame names is not an Avro schema (a Protobuf or JSON schema in the same
 * registry, or text Avro cannot parse): the record cannot be read with an Avro serde.
 */
public class NotAvroSchemaException extends SchemaRegistryException {

  public NotAvroSchemaException(String message, Throwable cause) {
    super(message, 200, cause);
  }
}
