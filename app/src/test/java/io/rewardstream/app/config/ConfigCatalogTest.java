package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigCatalogTest {
  private static final Pattern SETTING = Pattern.compile("^#?([a-z][a-z0-9._-]*)=(.*)$");

  @Test
  void shouldDefineEveryKeyInExactlyOneModule() {
    List<String> keys = new ArrayList<>();
    ConfigCatalog.sections().forEach(s -> s.rows().forEach(r -> keys.add(r.name())));

    assertThat(keys)
        .doesNotHaveDuplicates()
        .contains(
            "score.every-tokens",
            "scorer.device",
            "schema.registry.url",
            "http.port",
            "demo.groups");
  }

  @Test
  void shouldTreatOnlyRewardStreamKeysAsOurs() {
    assertThat(ConfigCatalog.isOurs("rejection.keep")).isTrue();
    assertThat(ConfigCatalog.isOurs("scorer.model.dir")).isTrue();
    assertThat(ConfigCatalog.isOurs("basic.auth.user.info")).isTrue();
    assertThat(ConfigCatalog.isOurs("bootstrap.servers")).isFalse();
    assertThat(ConfigCatalog.isOurs("num.stream.threads")).isFalse();
  }

  @Test
  void shouldListEveryKeyWithItsDefaultInTheShippedPropertiesFile() throws Exception {
    Path file = repoFile("config/rewardstream.properties");
    Set<String> lines = new HashSet<>(Files.readAllLines(file));
    List<String> missing = new ArrayList<>();
    for (ConfigTable.Section section : ConfigCatalog.sections()) {
      if (section.title().startsWith("Demo")) {
        continue;
      }
      for (ConfigTable.Row row : section.rows()) {
        if (!lines.contains("#" + row.name() + "=" + row.defaultValue())) {
          missing.add(row.name() + "=" + row.defaultValue());
        }
      }
    }

    assertThat(missing)
        .as("keys missing from %s (regenerate: ./rewardstream config-table --properties)", file)
        .isEmpty();
  }

  @Test
  void shouldSetOnlyKnownRewardStreamOrKafkaKeysInTheShippedFiles() throws Exception {
    for (String name : List.of("config/rewardstream.properties", "config/demo.properties")) {
      for (String line : Files.readAllLines(repoFile(name))) {
        Matcher m = SETTING.matcher(line);
        if (m.matches() && !line.startsWith("#")) {
          String key = m.group(1);
          assertThat(ConfigCatalog.isOurs(key) || KAFKA_KEYS.contains(key))
              .as("%s sets unknown key %s", name, key)
              .isTrue();
        }
      }
    }
  }

  private static final Set<String> KAFKA_KEYS =
      Set.of(
          "bootstrap.servers",
          "application.id",
          "num.stream.threads",
          "commit.interval.ms",
          "producer.linger.ms");

  /** A file of the repository (the build passes its root as rewardstream.project.root). */
  static Path repoFile(String name) {
    return Path.of(System.getProperty("rewardstream.project.root", "..")).resolve(name);
  }
}
