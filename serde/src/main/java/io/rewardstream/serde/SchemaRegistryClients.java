package io.rewardstream.serde;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/** Creates the {@link SchemaRegistryClient} that an {@link AvroSerdeConfig} asks for. */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * A {@link CachedSchemaRegistryClient} over the {@link MockSchemaRegistry} of {@code
   * mock://<scope>}, or over a {@link RestSchemaRegistryClient} for http(s) URLs.
   *
   * @throws ConfigException when no URL is configured or mock and real URLs are mixed
   */
  public static SchemaRegistryClient create(AvroSerdeConfig config) {
    List<String> urls = config.registryUrls();
    if (urls.isEmpty()) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " is required");
    }
    if (urls.get(0).startsWith(MockSchemaRegistry.URL_PREFIX)) {
      if (urls.size() > 1) {
        throw new ConfigException(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, urls, "a mock:// URL must stand alone");
      }
      String scope = urls.get(0).substring(MockSchemaRegistry.URL_PREFIX.length());
      return new CachedSchemaRegistryClient(MockSchemaRegistry.forScope(scope));
    }
    return new CachedSchemaRegistryClient(new RestSchemaRegistryClient(config));
  }
}
