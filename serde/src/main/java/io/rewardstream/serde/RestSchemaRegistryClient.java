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
 *
 * <p>A 404 is read by the registry's {@code error_code}: only the codes that name a missing
 * subject, version or schema mean "not there"; any other 404 (an HTML page, a wrong base path) is
 * an error saying the URL does not look like a Schema Registry API, so that a wrong URL fails the
 * start-up check instead of passing it.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;

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
    String action = "Registering a schema under subject '" + subject + "'";
    return id(requireOk(response, action), action);
  }

  @Override
  public int getId(String subject, Schema schema) {
    RegistryHttp.Response response = http.post("/subjects/" + encode(subject), schemaBody(schema));
    String action = "Looking up a schema under subject '" + subject + "'";
    if (notFound(response, action, SUBJECT_NOT_FOUND, SCHEMA_NOT_FOUND)) {
      throw new SchemaNotRegisteredException(subject, location(), message(response));
    }
    return id(requireOk(response, action), action);
  }

  @Override
  public Schema getSchemaById(int id) {
    RegistryHttp.Response response = http.get("/schemas/ids/" + id);
    String action = "Fetching schema id " + id;
    if (notFound(response, action, SCHEMA_NOT_FOUND)) {
      throw new UnknownSchemaIdException(id, location());
    }
    JsonNode body = requireOk(response, action);
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new NotAvroSchemaException(
          "Schema id " + id + " at " + location() + " is a " + type + " schema, not Avro", null);
    }
    try {
      return new Schema.Parser().parse(body.path("schema").asText());
    } catch (SchemaParseException e) {
      throw new NotAvroSchemaException(
          "Schema id " + id + " from " + location() + " is not a valid Avro schema: " + e, e);
    }
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    RegistryHttp.Response response =
        http.post(
            "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
    String action = "Checking compatibility with subject '" + subject + "'";
    if (notFound(response, action, SUBJECT_NOT_FOUND, VERSION_NOT_FOUND)) {
      return true; // no version yet: nothing to be incompatible with
    }
    return requireOk(response, action).path("is_compatible").asBoolean(false);
  }

  @Override
  public String location() {
    return http.location();
  }

  /**
   * Whether {@code response} is the registry saying one of {@code codes}; a 404 with another code,
   * or none, throws.
   */
  private boolean notFound(RegistryHttp.Response response, String action, int... codes) {
    if (response.status() != 404) {
      return false;
    }
    JsonNode body = parse(response.body());
    JsonNode code = body == null ? null : body.get("error_code");
    if (code != null && code.isInt()) {
      for (int expected : codes) {
        if (code.asInt() == expected) {
          return true;
        }
      }
    }
    throw new SchemaRegistryException(
        action
            + " at "
            + location()
            + " failed: HTTP 404 without a Schema Registry error code the request expects ("
            + message(response)
            + "); does the URL point at a Schema Registry API (for Apicurio: .../apis/ccompat/v7)?",
        404);
  }

  /** The schema id of a register or look-up answer, which must carry one. */
  private int id(JsonNode body, String action) {
    JsonNode id = body.get("id");
    if (id == null || !id.isInt()) {
      throw new SchemaRegistryException(
          action + " at " + location() + " answered HTTP 200 without a schema id: " + body, 200);
    }
    return id.asInt();
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
