package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigTableTest {

  @Test
  void shouldRenderEveryKeyWithTypeDefaultValidatorImportanceAndDoc() {
    ConfigDef def =
        new ConfigDef()
            .define(
                "http.port",
                ConfigDef.Type.INT,
                8080,
                ConfigDef.Range.between(-1, 65535),
                ConfigDef.Importance.MEDIUM,
                "Port of the endpoint.")
            .define(
                "rejection.rules",
                ConfigDef.Type.LIST,
                List.of("group-rank", "threshold"),
                ConfigDef.Importance.HIGH,
                "Rules | enabled.");

    String md = ConfigTable.markdown(List.of(ConfigTable.section("App", "app: AppConfig", def)));

    assertThat(md)
        .startsWith(ConfigTable.BEGIN)
        .endsWith(ConfigTable.END + "\n")
        .contains("#### App")
        .contains(
            "| `http.port` | int | `8080` | [-1,...,65535] | medium | Port of the endpoint. |")
        .contains(
            "| `rejection.rules` | list | `group-rank,threshold` |  | high | Rules \\| enabled. |");
  }

  @Test
  void shouldLeaveOutValidatorsThatCannotDescribeThemselves() {
    ConfigDef.Validator lambda = (name, value) -> {};

    assertThat(ConfigTable.validValues(lambda)).isEmpty();
    assertThat(ConfigTable.validValues(ConfigDef.Range.atLeast(1))).isEqualTo("[1,...]");
    assertThat(ConfigTable.validValues(null)).isEmpty();
  }

  @Test
  void shouldExtractTheGeneratedPartOfAReadme() {
    String table = ConfigTable.markdown(List.of());
    String readme = "# Title\n\nintro\n\n" + table + "\n## Next\n";

    assertThat(ConfigTable.extract(readme)).isEqualTo(table);
    assertThat(ConfigTable.extract("# no markers")).isNull();
  }
}
