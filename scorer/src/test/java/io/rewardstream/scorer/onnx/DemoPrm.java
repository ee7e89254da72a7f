package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rewardstream.scorer.ScorerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo PRM in {@code models/demo-prm/} and the rewards its export recorded. */
final class DemoPrm {

  private DemoPrm() {}

  /** The model folder, found from the outermost folder above the working one with a pom.xml. */
  static Path dir() {
    Path dir = Path.of("").toAbsolutePath();
    Path root = dir;
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        root = p;
      }
    }
    return root.resolve("models").resolve("demo-prm");
  }

  /** {@code parity.json}: fixed inputs and the torch model's rewards for them. */
  static JsonNode parity() {
    Path file = dir().resolve("parity.json");
    assertThat(file)
        .as(
            "%s is missing: the demo PRM must be trained and exported into models/demo-prm/"
                + " (model.onnx, model.json, tokenizer.json, parity.json) first",
            file)
        .isRegularFile();
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo model with a past cache of {@code pastCacheMb} (0: {@code model.onnx} served). */
  static ScorerConfig config(int pastCacheMb) {
    return ScorerConfig.builder().modelDir(dir()).pastCacheMb(pastCacheMb).build();
  }
}
