package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is generated from the code; this fails when they drift. */
class ReadmeConfigTableTest {

  @Test
  void shouldMatchTheConfigurationTableGeneratedFromTheConfigDefs() throws Exception {
    Path readme =
        Path.of(System.getProperty("rewardstream.project.root", "..")).resolve("README.md");
    String generated = ConfigCatalog.markdown();

    String inReadme = ConfigTable.extract(Files.readString(readme));

    assertThat(inReadme)
        .as(
            "README.md must hold the generated table between %s and %s;"
                + " regenerate it with ./rewardstream config-table",
            ConfigTable.BEGIN, ConfigTable.END)
        .isEqualTo(generated);
  }
}
