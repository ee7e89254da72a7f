package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativeFilesTest {

  @Test
  void shouldFindTheDirectoryTheBindingExtractedItsLibrariesInto() {
    OrtEnvironment.getEnvironment();

    Path dir = OrtNativeFiles.extractionDirectory().orElseThrow();

    assertThat(dir.getFileName().toString()).startsWith("onnxruntime-java");
    assertThat(dir).isDirectory();
    assertThat(dir.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Test
  void shouldDeleteADirectoryWithWhatItHolds(@TempDir Path temp) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("onnxruntime-java123"));
    Files.writeString(dir.resolve("libonnxruntime.so"), "x");

    OrtNativeFiles.delete(dir);
    OrtNativeFiles.delete(dir);

    assertThat(dir).doesNotExist();
  }
}
