package io.rewardstream.scorer.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed fields out of a manifest's JSON tree, collecting every problem (with the field's
 * dotted path) instead of stopping at the first, so one start-up failure lists them all.
 */
final class ManifestFields {

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  void problem(String path, String message) {
    problems.add(path + ": " + message);
  }

  /** A string field; null when absent, JSON null or (with a problem when required) invalid. */
  String text(JsonNode parent, String path, boolean required) {
    JsonNode node = child(parent, path);
    if (node == null || node.isNull()) {
      if (required) {
        problem(path, "missing");
      }
      return null;
    }
    if (!node.isTextual()) {
      problem(path, "expected a string, found " + node);
      return null;
    }
    return node.asText();
  }

  /** A string field with a default for when it is absent. */
  String text(JsonNode parent, String path, String fallback) {
    String value = text(parent, path, false);
    return value == null ? fallback : value;
  }

  /** An integer field at least {@code min}; {@code fallback} when absent (null: required). */
  int integer(JsonNode parent, String path, Integer fallback, int min) {
    JsonNode node = child(parent, path);
    if (node == null || node.isNull()) {
      if (fallback == null) {
        problem(path, "missing");
        return min;
      }
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problem(path, "expected an integer, found " + node);
      return min;
    }
    if (node.asInt() < min) {
      problem(path, "must be at least " + min + ", was " + node.asInt());
      return min;
    }
    return node.asInt();
  }

  /** A number field; required. */
  double number(JsonNode parent, String path) {
    JsonNode node = child(parent, path);
    if (node == null || !node.isNumber()) {
      problem(path, node == null ? "missing" : "expected a number, found " + node);
      return 0;
    }
    return node.asDouble();
  }

  /** A boolean field, {@code fallback} when absent. */
  boolean bool(JsonNode parent, String path, boolean fallback) {
    JsonNode node = child(parent, path);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problem(path, "expected true or false, found " + node);
      return fallback;
    }
    return node.asBoolean();
  }

  /** An object field; an empty object when absent and optional. */
  JsonNode object(JsonNode parent, String path, boolean required) {
    JsonNode node = child(parent, path);
    if (node == null || node.isNull()) {
      if (required) {
        problem(path, "missing");
      }
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      problem(path, "expected an object, found " + node);
      return JsonNodeFactory.instance.objectNode();
    }
    return node;
  }

  /** The child named by the last segment of a dotted path. */
  private static JsonNode child(JsonNode parent, String path) {
    return parent.get(path.substring(path.lastIndexOf('.') + 1));
  }
}
