package io.rewardstream.app.config;

import java.util.Map;

/** The start-up summary of the settings in effect: one line per set key, secrets masked. */
public final class ConfigSummary {
  private ConfigSummary() {}

  /** Lines of {@code key = value (origin)}, sorted by key. */
  public static String render(Settings settings, Secrets secrets) {
    int width = 0;
    for (String key : settings.values().keySet()) {
      width = Math.max(width, key.length());
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : settings.values().entrySet()) {
      String line =
          String.format(
              "  %-" + width + "s = %s   (%s)",
              e.getKey(),
              secrets.display(e.getKey(), e.getValue()),
              settings.origin(e.getKey()));
      text.append('\n').append(line);
    }
    return text.toString();
  }
}
