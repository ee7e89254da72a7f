package io.rewardstream.scorer.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.rewardstream.scorer.Device;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.manifest.ManifestParser;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.onnx.GraphValidator.OutputShape;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process reward model served by ONNX Runtime from a model folder ({@code model.json} and its
 * graph). Loading parses the manifest, opens one session on the configured device, checks the graph
 * against the manifest and hashes the graph for lineage. Scoring checks the requests, packs them
 * into length-grouped, padded sub-batches, runs them and reads the rewards with the manifest's
 * reader. Thread-safe: the one session is shared by every caller.
 */
public final class OnnxRewardModel implements RewardModel {

  private static final Logger log = LoggerFactory.getLogger(OnnxRewardModel.class);

  private final ModelManifest manifest;
  private final ModelMetadata metadata;
  private final Device device;
  private final OrtSession session;
  private final RequestPreparer preparer;
  private final BatchPlanner planner;
  private final BatchRunner runner;
  private final int headCount;
  private final BufferPool buffers = new BufferPool();

  private OnnxRewardModel(
      ModelManifest manifest,
      String sha256,
      SessionFactory.OpenedSession opened,
      Map<String, OutputShape> shapes,
      ScorerConfig config) {
    this.manifest = manifest;
    this.metadata = manifest.toMetadata(sha256);
    this.device = opened.device();
    this.session = opened.session();
    this.preparer = new RequestPreparer(manifest);
    this.planner = new BatchPlanner(config.maxBatchSize(), config.maxBatchTokens(), true);
    StepRewardReader reader = StepRewardReaders.forManifest(manifest);
    this.headCount = reader.headCount();
    this.runner =
        new BatchRunner(OrtEnvironment.getEnvironment(), session, manifest, reader, shapes);
  }

  /**
   * Loads the model in {@code config.modelDir()}.
   *
   * @throws ModelLoadException when the folder, manifest or graph is missing or invalid, the graph
   *     does not match the manifest, or the configured device cannot be used
   */
  public static OnnxRewardModel load(ScorerConfig config) {
    log.info("Loading reward model with {}", config.toMap());
    ModelManifest manifest = ManifestParser.parse(config.modelDir());
    String sha256 = Sha256.of(manifest.modelFile());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionFactory.OpenedSession opened = SessionFactory.open(env, manifest.modelFile(), config);
    try {
      Map<String, OutputShape> shapes = GraphValidator.validate(manifest, opened.session());
      OnnxRewardModel model = new OnnxRewardModel(manifest, sha256, opened, shapes, config);
      log.info(
          "Loaded reward model {} version {} (sha256 {}) from {} on {}: reader {}, vocab {},"
              + " max_context {} ({}), tokens {}, heads {}",
          manifest.id(),
          manifest.version(),
          sha256,
          manifest.modelFile(),
          opened.device(),
          manifest.reader().kind(),
          manifest.vocabSize(),
          manifest.maxContext(),
          manifest.truncation().spelling(),
          manifest.tokens(),
          model.metadata.headNames());
      return model;
    } catch (RuntimeException e) {
      closeQuietly(opened.session());
      throw e;
    }
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  /** The parsed manifest (template, tokenizer, truncation policy). */
  public ModelManifest manifest() {
    return manifest;
  }

  /** The device the session runs on: {@code cpu} or {@code cuda:N}. */
  public Device device() {
    return device;
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<Row> rows = preparer.prepare(requests);
    BatchPlanner.BatchPlan plan = planner.plan(rows);
    ScoreSink sink = new ScoreSink(requests, headCount);
    BatchBuffers borrowed = buffers.borrow();
    try {
      for (BatchPlanner.Batch batch : plan.batches()) {
        runner.run(batch, borrowed, sink);
      }
    } catch (OrtException e) {
      // An infrastructure failure (out of memory, a kernel error), not a bad record: rethrown.
      throw new IllegalStateException("ONNX Runtime failed to score a batch: " + e.getMessage(), e);
    } finally {
      buffers.release(borrowed);
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Scored {} requests in {} rows, {} sub-batches, padding {}",
          requests.size(),
          rows.size(),
          plan.batches().size(),
          String.format("%.3f", plan.paddingFraction()));
    }
    return sink.results();
  }

  @Override
  public void close() {
    closeQuietly(session);
    log.info("Closed reward model {} version {}", manifest.id(), manifest.version());
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("Closing the ONNX Runtime session failed", e);
    }
  }
}
