package io.rewardstream.serde;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serdes and of the Schema Registry client they use. Keys follow
 * Confluent's serializer configuration so that existing client properties carry over; keys this
 * class does not know (Kafka client settings) are ignored, except Confluent serde settings it does
 * not implement, which are refused with their name.
 */
public final class AvroSerdeConfig extends AbstractConfig {

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_URL_DOC =
      "Comma-separated Schema Registry base URLs (a connection error, timeout or 5xx moves on to"
          + " the next at once; redirects are refused), or"
          + " mock://<scope> for an in-process registry shared by everything in the JVM that names"
          + " the same scope.";

  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final String AUTO_REGISTER_SCHEMAS_DOC =
      "Whether the serializer registers the record's schema under its subject; when false it"
          + " only looks the schema up and fails if it is not registered.";

  public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
  public static final String SUBJECT_NAME_STRATEGY_DOC =
      "How the subject is named: TopicNameStrategy (<topic>-key / <topic>-value) or"
          + " RecordNameStrategy (the record's full name); Confluent's class names are accepted.";

  public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC =
      "Where HTTP basic credentials come from: USER_INFO (basic.auth.user.info) or URL (the"
          + " user-info part of schema.registry.url).";

  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
  public static final String BASIC_AUTH_USER_INFO_DOC =
      "HTTP basic credentials as <user>:<password>; empty for none.";

  public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
  public static final String BEARER_AUTH_TOKEN_DOC =
      "Static bearer token sent as 'Authorization: Bearer <token>'; empty for none.";

  public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS_DOC =
      "Timeout of one registry HTTP request (connect and response), in milliseconds.";

  public static final String RETRIES_CONFIG = "schema.registry.retries";
  public static final String RETRIES_DOC =
      "Retries of a registry request, each a new round over every URL, after a connection error,"
          + " timeout or HTTP 5xx from all of them; 4xx answers are never retried.";

  public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MS_DOC =
      "Wait before the first retry, doubled after each further attempt, in milliseconds.";

  public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
  public static final String RETRY_BACKOFF_MAX_MS_DOC =
      "Upper bound of the wait between retries, in milliseconds.";

  public static final String SSL_TRUSTSTORE_LOCATION_CONFIG =
      "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_LOCATION_DOC =
      "Trust store for https registry URLs; empty to use the JDK's default trust store.";

  public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG =
      "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store, if any.";

  public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
  public static final String SSL_TRUSTSTORE_TYPE_DOC = "Type of the trust store: PKCS12 or JKS.";

  /** Values of {@link #BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG}. */
  public enum CredentialsSource {
    USER_INFO,
    URL
  }

  private static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL_CONFIG,
              Type.LIST,
              List.of(),
              Importance.HIGH,
              SCHEMA_REGISTRY_URL_DOC)
          .define(
              AUTO_REGISTER_SCHEMAS_CONFIG,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              AUTO_REGISTER_SCHEMAS_DOC)
          .define(
              KEY_SUBJECT_NAME_STRATEGY_CONFIG,
              Type.STRING,
              "TopicNameStrategy",
              SubjectNameStrategy.VALIDATOR,
              Importance.MEDIUM,
              SUBJECT_NAME_STRATEGY_DOC)
          .define(
              VALUE_SUBJECT_NAME_STRATEGY_CONFIG,
              Type.STRING,
              "TopicNameStrategy",
              SubjectNameStrategy.VALIDATOR,
              Importance.MEDIUM,
              SUBJECT_NAME_STRATEGY_DOC)
          .define(
              BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG,
              Type.STRING,
              CredentialsSource.USER_INFO.name(),
              ValidString.in(CredentialsSource.USER_INFO.name(), CredentialsSource.URL.name()),
              Importance.MEDIUM,
              BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
          .define(
              BASIC_AUTH_USER_INFO_CONFIG,
              Type.PASSWORD,
              "",
              Importance.MEDIUM,
              BASIC_AUTH_USER_INFO_DOC)
          .define(
              BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
          .define(
              REQUEST_TIMEOUT_MS_CONFIG,
              Type.INT,
              10_000,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              REQUEST_TIMEOUT_MS_DOC)
          .define(
              RETRIES_CONFIG,
              Type.INT,
              3,
              ConfigDef.Range.between(0, 20),
              Importance.LOW,
              RETRIES_DOC)
          .define(
              RETRY_BACKOFF_MS_CONFIG,
              Type.LONG,
              100L,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              RETRY_BACKOFF_MS_DOC)
          .define(
              RETRY_BACKOFF_MAX_MS_CONFIG,
              Type.LONG,
              2_000L,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              RETRY_BACKOFF_MAX_MS_DOC)
          .define(
              SSL_TRUSTSTORE_LOCATION_CONFIG,
              Type.STRING,
              "",
              Importance.LOW,
              SSL_TRUSTSTORE_LOCATION_DOC)
          .define(
              SSL_TRUSTSTORE_PASSWORD_CONFIG,
              Type.PASSWORD,
              "",
              Importance.LOW,
              SSL_TRUSTSTORE_PASSWORD_DOC)
          .define(
              SSL_TRUSTSTORE_TYPE_CONFIG,
              Type.STRING,
              "PKCS12",
              ValidString.in("PKCS12", "JKS"),
              Importance.LOW,
              SSL_TRUSTSTORE_TYPE_DOC);

  /**
   * Confluent serde settings this client does not implement, each with the one value that asks for
   * nothing it lacks. Carried over from a Confluent configuration with another value they would
   * change what is written or read, or how the client authenticates, so they are refused rather
   * than ignored.
   */
  private static final Map<String, String> UNSUPPORTED_CONFLUENT_SETTINGS =
      Map.ofEntries(
          Map.entry("use.latest.version", "false"),
          Map.entry("latest.compatibility.strict", "true"),
          Map.entry("normalize.schemas", "false"),
          Map.entry("use.schema.id", "-1"),
          Map.entry("schema.reflection", "false"),
          Map.entry("bearer.auth.credentials.source", "STATIC_TOKEN"),
          // The JDK's HTTP client verifies host names and negotiates TLS 1.3 (or 1.2) itself.
          Map.entry("schema.registry.ssl.endpoint.identification.algorithm", "https"),
          Map.entry("schema.registry.ssl.protocol", "TLSv1.3"),
          // No client certificates: a key store cannot be used.
          Map.entry("schema.registry.ssl.keystore.location", ""),
          Map.entry("schema.registry.ssl.keystore.password", ""),
          Map.entry("schema.registry.ssl.keystore.type", ""),
          Map.entry("schema.registry.ssl.key.password", ""),
          // The deprecated prefixed form; basic.auth.user.info is the setting.
          Map.entry("schema.registry.basic.auth.user.info", ""));

  /**
   * Parses and validates {@code props}; unknown keys (Kafka client settings) are ignored, while the
   * Confluent serde settings this client does not implement are refused.
   */
  public AvroSerdeConfig(Map<String, ?> props) {
    super(CONFIG, props, false);
    refuseUnsupported(props);
  }

  /** The Confluent serde settings this client refuses unless they ask for nothing it lacks. */
  public static java.util.Set<String> unsupportedConfluentSettings() {
    return UNSUPPORTED_CONFLUENT_SETTINGS.keySet();
  }

  private static void refuseUnsupported(Map<String, ?> props) {
    for (Map.Entry<String, String> setting : UNSUPPORTED_CONFLUENT_SETTINGS.entrySet()) {
      Object value = props.get(setting.getKey());
      if (value != null && !String.valueOf(value).trim().equalsIgnoreCase(setting.getValue())) {
        // The value is not repeated: some of these settings are passwords.
        throw new ConfigException(
            setting.getKey()
                + " is a Confluent serde setting RewardStream's registry client does not"
                + " implement; remove it"
                + (setting.getValue().isEmpty() ? "" : " or set it to " + setting.getValue()));
      }
    }
  }

  /** The definition of every key, for documentation and tests. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  /** The subject name strategy for keys or for values. */
  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    return SubjectNameStrategy.forName(
        getString(isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG));
  }

  public CredentialsSource basicAuthCredentialsSource() {
    return CredentialsSource.valueOf(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG));
  }

  public Optional<String> basicAuthUserInfo() {
    return nonEmpty(getPassword(BASIC_AUTH_USER_INFO_CONFIG));
  }

  public Optional<String> bearerToken() {
    return nonEmpty(getPassword(BEARER_AUTH_TOKEN_CONFIG));
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS_CONFIG));
  }

  public int retries() {
    return getInt(RETRIES_CONFIG);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
  }

  public Optional<String> truststoreLocation() {
    return Optional.of(getString(SSL_TRUSTSTORE_LOCATION_CONFIG)).filter(s -> !s.isBlank());
  }

  public Optional<String> truststorePassword() {
    return nonEmpty(getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG));
  }

  public String truststoreType() {
    return getString(SSL_TRUSTSTORE_TYPE_CONFIG);
  }

  private static Optional<String> nonEmpty(Password password) {
    return Optional.ofNullable(password).map(Password::value).filter(s -> !s.isEmpty());
  }
}
