package io.rewardstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} over the Confluent Schema Registry REST API. It does not cache:
 * wrap it in a {@link CachedSchemaRegistryClient}, as {@link SchemaRegistryClients#create} does.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final RegistryHttp http;

  /** A client for the registry that {@code config} names. */
  public RestSchemaRegistryClient(AvroSerdeConfig config) {
    this(RegistryHttpFactory.create(config));
  }

  RestSchemaRegistryClient(RegistryHttp http) {
    this.http = http;
  }

  @Override
  public int register(String subject, Schema schema) {
    RegistryHttp.Response response =
        http.post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    if (response.status() == 409) {
      throw new IncompatibleSchemaException(subject, location(), message(response));
    }
    return requireOk(response, "Registering a schema under subject '" + subject + "'")
        .path("id")
        .asInt();
  }

  @Override
  public int getId(String subject, Schema schema) {
    RegistryHttp.Response response = http.post("/subjects/" + encode(subject), schemaBody(schema));
    if (response.status() == 404) {
      throw new SchemaNotRegisteredException(subject, location(), message(response));
    }
    return requireOk(response, "Looking up a schema under subject '" + subject + "'")
        .path("id")
        .asInt();
  }

  @Override
  public Schema getSchemaById(int id) {
    RegistryHttp.Response response = http.get("/schemas/ids/" + id);
    if (response.status() == 404) {
      throw new UnknownSchemaIdException(id, location());
    }
    JsonNode body = requireOk(response, "Fetching schema id " + id);
    try {
      return new Schema.Parser().parse(body.path("schema").asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "Schema id " + id + " from " + location() + " is not a valid Avro schema: " + e, 200, e);
    }
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    RegistryHttp.Response response =
        http.post(
            "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
    if (response.status() == 404) {
      return true; // no version yet: nothing to be incompatible with
    }
    return requireOk(response, "Checking compatibility with subject '" + subject + "'")
        .path("is_compatible")
        .asBoolean(false);
  }

  @Override
  public String location() {
    return http.location();
  }

  private JsonNode requireOk(RegistryHttp.Response response, String action) {
    JsonNode body = parse(response.body());
    if (response.status() != 200 || body == null) {
      throw new SchemaRegistryException(
          action
              + " at "
              + location()
              + " failed: HTTP "
              + response.status()
              + ": "
              + message(response),
          response.status());
    }
    return body;
  }

  private static String message(RegistryHttp.Response response) {
    JsonNode body = parse(response.body());
    if (body != null && body.hasNonNull("message")) {
      return body.path("message").asText()
          + " (error_code "
          + body.path("error_code").asInt()
          + ")";
    }
    return response.body();
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String schemaBody(Schema schema) {
    try {
      return MAPPER.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a schema as JSON", e);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
