package io.rewardstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way ({@code app -> topology -> scorer, serde}): the event contract and its
 * serdes never depend on ONNX Runtime.
 */
class ModuleBoundaryTest {

  private static final Pattern ONNX_REFERENCE = Pattern.compile("\\bai\\.onnxruntime\\b");

  @Test
  void shouldNotReferenceOnnxRuntimeInMainSources() throws IOException {
    Path sources = Paths.get("src", "main", "java");
    assertThat(sources).isDirectory();

    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(path -> path.toString().endsWith(".java"))
              .filter(ModuleBoundaryTest::mentionsOnnxRuntime)
              .map(Path::toString)
              .toList();
    }

    assertThat(offenders).as("serde sources referring to ai.onnxruntime").isEmpty();
  }

  @Test
  void shouldNotHaveOnnxRuntimeOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("ai.onnxruntime.OrtEnvironment"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  private static boolean mentionsOnnxRuntime(Path file) {
    try {
      return ONNX_REFERENCE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }
}
