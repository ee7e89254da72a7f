package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code scorer.profile}: ONNX Runtime's per-operator trace of the calls, written at close. */
class ProfilingTest {

  @Test
  void shouldWriteOnnxRuntimeTraceOfTheCallsWhenTheModelCloses() throws IOException {
    FileTime before = FileTime.from(Instant.now().minusSeconds(1));
    ScorerConfig config = ScorerConfig.builder().modelDir(DemoPrm.dir()).profile(true).build();
    try (OnnxRewardModel model = OnnxRewardModel.load(config)) {
      model.score(List.of(ScoreRequest.ofEnd(new int[] {5, 6, 7, 11})));
    }

    Path trace = newestTrace(before);
    assertThat(trace).isNotNull();
    assertThat(Files.readString(trace)).contains("\"model_run\"").contains("_kernel_time");
    Files.delete(trace);
  }

  private static Path newestTrace(FileTime after) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("rewardstream-onnxruntime-"))
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> lastModified(p).compareTo(after) > 0)
          .max((a, b) -> lastModified(a).compareTo(lastModified(b)))
          .orElse(null);
    }
  }

  private static FileTime lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
