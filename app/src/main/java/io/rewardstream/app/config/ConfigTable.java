package io.rewardstream.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders the README's configuration table from the modules' definitions, so that the table cannot
 * drift from the code: one Markdown table per section, one row per key.
 */
public final class ConfigTable {
  /** Marks the start of the generated table in the README. */
  public static final String BEGIN = "<!-- BEGIN GENERATED: configuration table -->";

  /** Marks the end of the generated table in the README. */
  public static final String END = "<!-- END GENERATED: configuration table -->";

  private ConfigTable() {}

  /** One documented key. */
  public record Row(
      String name,
      String type,
      String defaultValue,
      String validValues,
      String importance,
      String doc) {}

  /** The keys of one module, under a heading. */
  public record Section(String title, String source, List<Row> rows) {
    public Section {
      rows = List.copyOf(rows);
    }
  }

  /** A section with every key of {@code definition}, in definition order. */
  public static Section section(String title, String source, ConfigDef definition) {
    List<Row> rows = new ArrayList<>();
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      rows.add(
          new Row(
              key.name,
              key.type.name().toLowerCase(Locale.ROOT),
              defaultText(key),
              validValues(key.validator),
              key.importance == null ? "" : key.importance.name().toLowerCase(Locale.ROOT),
              key.documentation));
    }
    return new Section(title, source, rows);
  }

  /**
   * The validator's description; validators without one (lambdas, classes without {@code toString})
   * would print an object identity that changes from run to run, so they show nothing.
   */
  static String validValues(ConfigDef.Validator validator) {
    if (validator == null) {
      return "";
    }
    String text = validator.toString();
    return IDENTITY.matcher(text).matches() ? "" : text;
  }

  private static final java.util.regex.Pattern IDENTITY =
      java.util.regex.Pattern.compile("[\\w.$/]+@\\p{XDigit}+");

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    Object value = key.defaultValue;
    if (value instanceof Password password) {
      return password.value().isEmpty() ? "" : Secrets.MASK;
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return value == null ? "null" : String.valueOf(value);
  }

  /** The Markdown of every section, between {@link #BEGIN} and {@link #END}. */
  public static String markdown(List<Section> sections) {
    StringBuilder md = new StringBuilder(BEGIN).append('\n');
    for (Section section : sections) {
      md.append('\n').append("#### ").append(section.title()).append("\n\n");
      md.append("Defined in `").append(section.source()).append("`.\n\n");
      md.append("| Key | Type | Default | Valid values | Importance | Description |\n");
      md.append("| --- | --- | --- | --- | --- | --- |\n");
      for (Row row : section.rows()) {
        md.append("| `")
            .append(row.name())
            .append("` | ")
            .append(row.type())
            .append(" | ")
            .append(code(row.defaultValue()))
            .append(" | ")
            .append(cell(row.validValues()))
            .append(" | ")
            .append(row.importance())
            .append(" | ")
            .append(cell(row.doc()))
            .append(" |\n");
      }
    }
    return md.append('\n').append(END).append('\n').toString();
  }

  /** The generated part of {@code readme}, markers included, or null when it has none. */
  public static String extract(String readme) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      return null;
    }
    return readme.substring(begin, end + END.length()) + '\n';
  }

  private static String code(String value) {
    return value.isEmpty() ? "\"\"" : "`" + value.replace("|", "\\|") + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
