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
import io.rewardstream.scorer.TokenTexts;
import io.rewardstream.scorer.manifest.ManifestParser;
import io.rewardstream.scorer.manifest.ModelManifest;
import io.rewardstream.scorer.onnx.GraphValidator.OutputShape;
import io.rewardstream.scorer.text.HuggingFaceTextTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process reward model served by ONNX Runtime from a model folder ({@code model.json} and its
 * graph). Loading parses the manifest, opens one session on the configured device, checks the graph
 * against the manifest and hashes the graph for lineage. Scoring checks the requests, packs them
 * into length-grouped, padded sub-batches, runs them and reads the rewards with the manifest's
 * reader. Thread-safe: the one session is shared by every caller.
 *
 * <p>When the folder has a {@code model_with_past_file} and {@code scorer.past-cache-mb} is above
 * 0, that graph is the one served: requests with a {@link ScoreRequest#cacheKey()} reuse the keys
 * and values cached for their sequence's earlier tokens and feed only the new ones; requests
 * without one feed everything, as with {@code model_file}. Lineage still names {@code model_file}'s
 * hash, the manifest declaring both graphs to be one model.
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
  private final PastCache pastCache;
  private final int headCount;
  private final boolean profiling;
  private final BufferPool buffers = new BufferPool();
  private final TokenTexts tokenTexts;

  private OnnxRewardModel(
      ModelManifest manifest,
      String sha256,
      SessionFactory.OpenedSession opened,
      Map<String, OutputShape> shapes,
      PastLayout layout,
      ScorerConfig config) {
    this.manifest = manifest;
    this.metadata = manifest.toMetadata(sha256);
    this.tokenTexts = tokenTexts(manifest, metadata);
    this.device = opened.device();
    this.session = opened.session();
    this.profiling = config.profile();
    this.preparer = new RequestPreparer(manifest);
    // A with-past graph without position ids that does not count positions from the attention
    // mask reads a row whose past is shorter than the call's longest at the wrong positions.
    boolean equalPasts =
        layout != null
            && manifest.inputs().positionIds() == null
            && !manifest.pastPositionsFromMask();
    this.planner =
        new BatchPlanner(config.maxBatchSize(), config.maxBatchTokens(), true, equalPasts);
    StepRewardReader reader = StepRewardReaders.forManifest(manifest);
    this.headCount = reader.headCount();
    this.pastCache = layout == null ? null : new PastCache((long) config.pastCacheMb() << 20);
    this.runner =
        new BatchRunner(
            OrtEnvironment.getEnvironment(),
            session,
            manifest,
            reader,
            shapes,
            layout == null ? null : new PastKeyValues(layout, pastCache));
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
    boolean withPast = config.pastCacheMb() > 0 && manifest.modelWithPastFile() != null;
    Path served = withPast ? manifest.modelWithPastFile() : manifest.modelFile();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtNativeFiles.deleteOnExit();
    SessionFactory.OpenedSession opened = SessionFactory.open(env, served, config);
    try {
      PastLayout layout = withPast ? PastLayout.of(opened.session(), served) : null;
      Map<String, OutputShape> shapes =
          GraphValidator.validate(
              manifest, opened.session(), served, withPast ? layout.inputNames() : Set.of());
      checkOutputsFit(shapes, manifest, config);
      OnnxRewardModel model = new OnnxRewardModel(manifest, sha256, opened, shapes, layout, config);
      log.info(
          "Loaded reward model {} version {} (sha256 {}) from {} on {}: reader {}, vocab {},"
              + " max_context {} ({}), tokens {}, heads {}, past cache {}",
          manifest.id(),
          manifest.version(),
          sha256,
          // Lineage names the weights by model_file's hash; the graph served with the past cache
          // is another export of them, so its own hash is logged next to its path.
          withPast ? served + " (sha256 " + Sha256.of(served) + ")" : served,
          opened.device(),
          manifest.reader().kind(),
          manifest.vocabSize(),
          manifest.maxContext(),
          manifest.truncation().spelling(),
          manifest.tokens(),
          model.metadata.headNames(),
          withPast
              ? config.pastCacheMb() + " MB (" + layout.pastInputs().size() + " key/value inputs)"
              : "off");
      return model;
    } catch (RuntimeException e) {
      closeQuietly(opened.session());
      throw e;
    }
  }

  /**
   * Refuses, at load, settings under which one call's output would not fit the one direct buffer it
   * is read into (2 GiB): a full-vocabulary output ([B, T, V], a tag reader's) takes V floats per
   * padded token, and a call holds up to {@code scorer.max-batch-tokens} padded tokens (a row
   * longer than that, up to the model's context, goes alone).
   */
  static void checkOutputsFit(
      Map<String, OutputShape> shapes, ModelManifest manifest, ScorerConfig config) {
    long tokens = Math.max(config.maxBatchTokens(), manifest.maxContext());
    for (Map.Entry<String, OutputShape> output : shapes.entrySet()) {
      long width = Math.max(1, output.getValue().width());
      if (tokens * width * Float.BYTES <= Integer.MAX_VALUE) {
        continue;
      }
      long fits = Integer.MAX_VALUE / (width * Float.BYTES);
      throw new ModelLoadException(
          "output '"
              + output.getKey()
              + "' is "
              + width
              + " floats per token: a call of "
              + tokens
              + " padded tokens would need more than the 2 GiB one output buffer holds; "
              + (fits >= manifest.maxContext()
                  ? "set " + ScorerConfig.MAX_BATCH_TOKENS_CONFIG + " to at most " + fits
                  : "even one row of max_context " + manifest.maxContext() + " does not fit"));
    }
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public Optional<TokenTexts> tokenTexts() {
    return Optional.ofNullable(tokenTexts);
  }

  /**
   * The texts of the model's tokens when it cuts steps at a text separator only and names a
   * tokenizer, else null: a separator token needs none.
   */
  private static TokenTexts tokenTexts(ModelManifest manifest, ModelMetadata metadata) {
    String separator = metadata.stepSeparatorText();
    if (metadata.stepSeparatorId() >= 0
        || separator == null
        || separator.isEmpty()
        || manifest.tokenizer() == null) {
      return null;
    }
    long start = System.nanoTime();
    try (HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.load(manifest.tokenizer())) {
      TokenTexts texts = TokenTexts.of(tokenizer.decodeEach(manifest.vocabSize()));
      log.info(
          "Steps of {} end at the text separator {}, found token by token: {} token texts decoded"
              + " with tokenizer {} in {} ms",
          manifest.id(),
          metadata.stepSplitter(),
          texts.size(),
          manifest.tokenizer().id(),
          (System.nanoTime() - start) / 1_000_000);
      return texts;
    }
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
    List<Row> prepared = preparer.prepare(requests);
    // The cache's blocks this call looks up stay out of reuse until it is done with them.
    long ticket = pastCache == null ? 0 : pastCache.begin();
    BatchBuffers borrowed = buffers.borrow();
    BatchPlanner.BatchPlan plan;
    ScoreSink sink = new ScoreSink(requests, headCount);
    try {
      plan = planner.plan(runner.attach(prepared));
      for (BatchPlanner.Batch batch : plan.batches()) {
        runner.run(batch, borrowed, sink);
      }
    } catch (OrtException e) {
      // An infrastructure failure (out of memory, a kernel error), not a bad record: rethrown.
      throw new IllegalStateException("ONNX Runtime failed to score a batch: " + e.getMessage(), e);
    } finally {
      buffers.release(borrowed);
      if (pastCache != null) {
        pastCache.end(ticket);
      }
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Scored {} requests in {} rows, {} sub-batches, padding {}",
          requests.size(),
          prepared.size(),
          plan.batches().size(),
          String.format("%.3f", plan.paddingFraction()));
    }
    return sink.results();
  }

  /** Drops the cached keys and values of {@code cacheKey}'s sequence. */
  @Override
  public void forget(String cacheKey) {
    if (pastCache != null && cacheKey != null) {
      pastCache.remove(cacheKey);
    }
  }

  /** What the past cache holds and has done; {@link PastCacheStats#NONE} when it is off. */
  public PastCacheStats pastCacheStats() {
    return pastCache == null ? PastCacheStats.NONE : pastCache.stats();
  }

  @Override
  public void close() {
    if (profiling) {
      try {
        log.info("ONNX Runtime profile of {} written to {}", manifest.id(), session.endProfiling());
      } catch (OrtException e) {
        log.warn("Ending the ONNX Runtime profile failed", e);
      }
    }
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
