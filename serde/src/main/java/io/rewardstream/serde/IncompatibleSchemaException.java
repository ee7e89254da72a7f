package io.rewardstream.serde;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility rule
 * (HTTP 409). RewardStream's schemas evolve BACKWARD-compatibly: new fields need defaults.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

  private final String subject;

  public IncompatibleSchemaException(String subject, String registry, String detail) {
    super(
        "Schema is incompatible with the latest version of subject '"
            + subject
            + "' at "
            + registry
            + ": "
            + detail,
        409);
    this.subject = subject;
  }

  /** The subject whose rule refused the schema. */
  public String subject() {
    return subject;
  }
}
