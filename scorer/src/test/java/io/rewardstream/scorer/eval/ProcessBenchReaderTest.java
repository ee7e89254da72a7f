package io.rewardstream.scorer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessBenchReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadEveryChainOfAJsonlFile() throws IOException {
    List<ProcessBenchChain> chains =
        ProcessBenchReader.read(Fixtures.dir("processbench").resolve("chains.jsonl"));

    assertThat(chains).hasSize(10);
    assertThat(chains.get(3))
        .isEqualTo(
            new ProcessBenchChain("e3", "9*9-1=?", List.of("9*9=81", "81-1=79", "so 79"), 1));
    assertThat(chains.get(3).stepCorrect(0)).isTrue();
    assertThat(chains.get(3).stepCorrect(1)).isFalse();
    assertThat(chains.get(3).stepCorrect(2)).isFalse();
    assertThat(chains).filteredOn(ProcessBenchChain::erroneous).hasSize(5);
  }

  @Test
  void shouldNameTheLineOfAMalformedExample() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(
        file,
        "{\"id\":\"x\",\"problem\":\"p\",\"steps\":[\"a\"],\"label\":-1}\n\n"
            + "{\"id\":\"y\",\"problem\":\"p\",\"steps\":[\"a\"],\"label\":1}\n");

    assertThatThrownBy(() -> ProcessBenchReader.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + " line 3: label must be -1 or a step index below 1, was 1");
  }

  @Test
  void shouldRequireTheStepsArray() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"id\":\"x\",\"problem\":\"p\",\"label\":-1}\n");

    assertThatThrownBy(() -> ProcessBenchReader.read(file))
        .hasMessage(file + " line 1: expected a \"steps\" array");
  }
}
