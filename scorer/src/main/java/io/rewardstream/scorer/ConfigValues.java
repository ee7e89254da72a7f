package io.rewardstream.scorer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads typed values out of a loosely typed configuration map, naming the key on failure. */
final class ConfigValues {

  private final Map<String, ?> values;

  ConfigValues(Map<String, ?> values) {
    this.values = values;
  }

  /** The value of {@code key} parsed from its text, or empty when the key is absent. */
  <T> Optional<T> read(String key, Function<String, T> parser) {
    Object raw = values.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    String text = raw.toString();
    try {
      return Optional.of(parser.apply(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + text + "' for configuration " + key + ": " + e.getMessage(), e);
    }
  }

  static int parseInt(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  static boolean parseBoolean(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }
}
