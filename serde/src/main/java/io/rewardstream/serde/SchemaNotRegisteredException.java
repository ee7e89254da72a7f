package io.rewardstream.serde;

/**
 * A lookup found neither the schema nor, possibly, the subject (HTTP 404). Raised when {@code
 * auto.register.schemas} is false and the writer's schema was not registered beforehand.
 */
public class SchemaNotRegisteredException extends SchemaRegistryException {

  private final String subject;

  public SchemaNotRegisteredException(String subject, String registry, String detail) {
    super(
        "Schema is not registered under subject '"
            + subject
            + "' at "
            + registry
            + " ("
            + detail
            + "); register it first or enable "
            + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
        404);
    this.subject = subject;
  }

  /** The subject that was searched. */
  public String subject() {
    return subject;
  }
}
