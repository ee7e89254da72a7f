package io.rewardstream.app.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps {@code REWARDSTREAM_*} environment variables to configuration keys, predictably: the prefix
 * is stripped, the rest lower-cased, and each run of underscores becomes one character: {@code _} a
 * dot, {@code __} a dash, {@code ___} an underscore.
 *
 * <pre>
 * REWARDSTREAM_BOOTSTRAP_SERVERS        bootstrap.servers
 * REWARDSTREAM_SCORER_DEVICE            scorer.device
 * REWARDSTREAM_SCORE_EVERY__TOKENS      score.every-tokens
 * REWARDSTREAM_SCHEMA_REGISTRY_URL      schema.registry.url
 * </pre>
 */
public final class EnvironmentVariables {
  public static final String PREFIX = "REWARDSTREAM_";

  private EnvironmentVariables() {}

  /** The configuration key a variable name maps to, or null when it lacks the prefix. */
  public static String toKey(String variable) {
    if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
      return null;
    }
    String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    StringBuilder key = new StringBuilder(rest.length());
    int i = 0;
    while (i < rest.length()) {
      char c = rest.charAt(i);
      if (c != '_') {
        key.append(c);
        i++;
        continue;
      }
      int run = 0;
      while (i < rest.length() && rest.charAt(i) == '_') {
        run++;
        i++;
      }
      key.append(
          switch (run) {
            case 1 -> '.';
            case 2 -> '-';
            case 3 -> '_';
            default ->
                throw new IllegalArgumentException(
                    "Environment variable "
                        + variable
                        + " has a run of "
                        + run
                        + " underscores; expected _ (.), __ (-) or ___ (_)");
          });
    }
    return key.toString();
  }

  /** The variable name that maps to {@code key} (the inverse of {@link #toKey}). */
  public static String toVariable(String key) {
    StringBuilder name = new StringBuilder(PREFIX);
    for (char c : key.toCharArray()) {
      switch (c) {
        case '.' -> name.append('_');
        case '-' -> name.append("__");
        case '_' -> name.append("___");
        default -> name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }

  /** The settings given by the {@code REWARDSTREAM_*} variables of {@code environment}. */
  public static Map<String, String> settings(Map<String, String> environment) {
    Map<String, String> settings = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          String key = toKey(name);
          if (key != null) {
            settings.put(key, value);
          }
        });
    return settings;
  }
}
