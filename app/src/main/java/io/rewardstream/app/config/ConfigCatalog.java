package io.rewardstream.app.config;

import io.rewardstream.app.demo.DemoConfig;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.serde.AvroSerdeConfig;
import io.rewardstream.topology.RewardStreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting RewardStream defines, module by module: the source of the README's configuration
 * table, of secret masking, and of the split between RewardStream's keys and Kafka's.
 */
public final class ConfigCatalog {
  private ConfigCatalog() {}

  /** The sections of the configuration table, in README order. */
  public static List<ConfigTable.Section> sections() {
    List<ConfigTable.Section> sections = new ArrayList<>();
    sections.add(
        ConfigTable.section(
            "Topology",
            "topology: io.rewardstream.topology.RewardStreamConfig",
            RewardStreamConfig.CONFIG_DEF));
    sections.add(scorer());
    sections.add(
        ConfigTable.section(
            "Schema Registry and serdes",
            "serde: io.rewardstream.serde.AvroSerdeConfig",
            AvroSerdeConfig.configDef()));
    sections.add(
        ConfigTable.section(
            "Application", "app: io.rewardstream.app.config.AppConfig", AppConfig.CONFIG_DEF));
    sections.add(
        ConfigTable.section(
            "Demo (the demo command only)",
            "app: io.rewardstream.app.demo.DemoConfig",
            DemoConfig.CONFIG_DEF));
    return sections;
  }

  private static ConfigTable.Section scorer() {
    List<ConfigTable.Row> rows = new ArrayList<>();
    for (ScorerConfig.KeyDoc key : ScorerConfig.keys()) {
      rows.add(
          new ConfigTable.Row(
              key.name(),
              key.type().name().toLowerCase(Locale.ROOT),
              key.defaultValue(),
              key.validValues(),
              key.importance().name().toLowerCase(Locale.ROOT),
              key.doc()));
    }
    return new ConfigTable.Section("Scorer", "scorer: io.rewardstream.scorer.ScorerConfig", rows);
  }

  /** The definitions with types, for secret masking. */
  public static List<ConfigDef> definitions() {
    return List.of(
        RewardStreamConfig.CONFIG_DEF,
        AvroSerdeConfig.configDef(),
        AppConfig.CONFIG_DEF,
        DemoConfig.CONFIG_DEF);
  }

  /** Whether {@code key} is RewardStream's (and so is not passed to Kafka Streams). */
  public static boolean isOurs(String key) {
    return OURS.contains(key) || key.startsWith("scorer.") || key.startsWith("demo.");
  }

  private static final Set<String> OURS = ours();

  private static Set<String> ours() {
    Set<String> keys = new TreeSet<>();
    for (ConfigDef definition : definitions()) {
      keys.addAll(definition.names());
    }
    for (ScorerConfig.KeyDoc key : ScorerConfig.keys()) {
      keys.add(key.name());
    }
    return keys;
  }

  /**
   * The body of {@code config/rewardstream.properties}: every key of every section, commented out
   * at its default, under its description.
   */
  public static String propertiesTemplate() {
    StringBuilder text = new StringBuilder();
    for (ConfigTable.Section section : sections()) {
      if (section.title().startsWith("Demo")) {
        continue;
      }
      text.append("\n# ---- ").append(section.title()).append(" (").append(section.source());
      text.append(") ----\n");
      for (ConfigTable.Row row : section.rows()) {
        text.append("\n# ").append(row.doc().replace("\n", " ")).append('\n');
        if (!row.validValues().isEmpty()) {
          text.append("# Valid values: ").append(row.validValues()).append('\n');
        }
        text.append('#').append(row.name()).append('=').append(row.defaultValue()).append('\n');
      }
    }
    return text.toString();
  }

  /** The configuration table's Markdown. */
  public static String markdown() {
    return ConfigTable.markdown(sections());
  }
}
