package io.rewardstream.topology;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.Prompt;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.eval.ProcessBenchChain;
import io.rewardstream.scorer.eval.ProcessBenchReader;
import io.rewardstream.scorer.manifest.ManifestParser;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.text.ChainEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Demo-domain chains (the demo PRM's held-out ProcessBench set) rendered into the demo PRM's token
 * ids exactly as in training, cut into generation chunks.
 */
final class DemoWorkload {
  private DemoWorkload() {}

  /** The demo PRM folder, {@code models/demo-prm} under the repository root. */
  static Path modelDir() {
    String root = System.getProperty("rewardstream.project.root");
    Path base = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    Path dir = base.resolve("models").resolve("demo-prm");
    if (!Files.isRegularFile(dir.resolve("model.json"))) {
      throw new IllegalStateException("demo PRM not found: expected " + dir.resolve("model.json"));
    }
    return dir;
  }

  static OnnxRewardModel model() {
    return OnnxRewardModel.load(
        ScorerConfig.fromMap(Map.of(ScorerConfig.MODEL_DIR_CONFIG, modelDir().toString())));
  }

  /**
   * The chunk streams of {@code groups} x {@code candidates} candidates; chain i of the set feeds
   * candidate i.
   */
  static List<List<GenerationChunk>> streams(int groups, int candidates, int chunkSize)
      throws IOException {
    Path dir = modelDir();
    List<ProcessBenchChain> chains = ProcessBenchReader.read(dir.resolve("heldout.jsonl"));
    List<List<GenerationChunk>> streams = new ArrayList<>();
    try (ChainEncoder encoder = ChainEncoder.forManifest(ManifestParser.parse(dir))) {
      for (int g = 0; g < groups; g++) {
        for (int c = 0; c < candidates; c++) {
          ProcessBenchChain chain = chains.get((g * candidates + c) % chains.size());
          int[] prompt = encoder.encode(chain.problem(), List.of()).tokenIds();
          ScoreRequest full = encoder.encode(chain.problem(), chain.steps());
          int[] response =
              Arrays.copyOfRange(full.tokenIds(), prompt.length, full.tokenIds().length);
          streams.add(
              chunks(
                  "group-" + g,
                  "cand-" + c + (chain.erroneous() ? "-wrong" : "-right"),
                  candidates,
                  prompt,
                  response,
                  chunkSize));
        }
      }
    }
    return streams;
  }

  private static List<GenerationChunk> chunks(
      String group, String sequence, int groupSize, int[] prompt, int[] response, int chunkSize) {
    List<GenerationChunk> chunks = new ArrayList<>();
    for (int start = 0, index = 0; start < response.length; start += chunkSize, index++) {
      int end = Math.min(response.length, start + chunkSize);
      chunks.add(
          GenerationChunk.newBuilder()
              .setGroupId(group)
              .setSequenceId(sequence)
              .setChunkIndex(index)
              .setGroupSize(index == 0 ? groupSize : null)
              .setPolicyVersion("demo")
              .setPrompt(
                  index == 0
                      ? Prompt.newBuilder()
                          .setTokenIds(Arrays.stream(prompt).boxed().toList())
                          .build()
                      : null)
              .setTokenIds(Arrays.stream(Arrays.copyOfRange(response, start, end)).boxed().toList())
              .setFinishReason(end == response.length ? FinishReason.STOP : null)
              .setProducedAt(Instant.now())
              .build());
    }
    return chunks;
  }
}
