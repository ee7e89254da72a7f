package io.rewardstream.scorer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The scorer's settings, immutable. The keys follow Kafka's {@code ConfigDef} conventions (a {@code
 * *_CONFIG} constant, a one-sentence {@code *_DOC}, a type, a default and a validator) but without
 * Kafka: {@link #keys()} lists them so that the application can merge them into its own
 * configuration table. Built from a map ({@link #fromMap}) or by hand ({@link #builder()}).
 */
public final class ScorerConfig {

  public static final String MODEL_DIR_CONFIG = "scorer.model.dir";
  public static final String MODEL_DIR_DOC =
      "Folder holding the reward model: its model.json manifest, ONNX graph and tokenizer.";
  public static final String DEVICE_CONFIG = "scorer.device";
  public static final String DEVICE_DOC =
      "Where the model runs: cpu, cuda:N (fails start-up when unusable) or auto (CUDA if it"
          + " works, else CPU).";
  public static final String INTRA_OP_THREADS_CONFIG = "scorer.intra-op-threads";
  public static final String INTRA_OP_THREADS_DOC =
      "ONNX Runtime threads used inside one operator (0 lets ONNX Runtime choose).";
  public static final String INTER_OP_THREADS_CONFIG = "scorer.inter-op-threads";
  public static final String INTER_OP_THREADS_DOC =
      "ONNX Runtime threads used across independent operators (0 lets ONNX Runtime choose).";
  public static final String OPTIMIZATION_LEVEL_CONFIG = "scorer.optimization-level";
  public static final String OPTIMIZATION_LEVEL_DOC =
      "ONNX Runtime graph optimisation level: none, basic, extended or all.";
  public static final String ALLOW_SPINNING_CONFIG = "scorer.allow-spinning";
  public static final String ALLOW_SPINNING_DOC =
      "Whether idle ONNX Runtime intra-op threads spin (lower latency, unsteady on shared cores).";
  public static final String MAX_BATCH_SIZE_CONFIG = "scorer.max-batch-size";
  public static final String MAX_BATCH_SIZE_DOC =
      "Most sequences padded into one ONNX Runtime call.";
  public static final String MAX_BATCH_TOKENS_CONFIG = "scorer.max-batch-tokens";
  public static final String MAX_BATCH_TOKENS_DOC =
      "Most padded tokens (sequences times longest length) in one ONNX Runtime call.";
  public static final String PAST_CACHE_MB_CONFIG = "scorer.past-cache-mb";
  public static final String PAST_CACHE_MB_DOC =
      "Memory for cached keys and values of sequences being scored, when the model folder has a"
          + " model_with_past_file: each request then feeds only the tokens added since its"
          + " sequence's last one (0 = off: every request re-reads its whole prefix with"
          + " model_file).";

  public static final String PROFILE_CONFIG = "scorer.profile";
  public static final String PROFILE_DOC =
      "Whether ONNX Runtime times every operator of every call, written as a JSON trace to"
          + " java.io.tmpdir when the model closes, its path logged (each call costs a little"
          + " more).";

  /** A value's type, as shown in the configuration table. */
  public enum Type {
    STRING,
    INT,
    BOOLEAN
  }

  /** ONNX Runtime graph optimisation levels. */
  public enum OptimizationLevel {
    NONE,
    BASIC,
    EXTENDED,
    ALL
  }

  /** How much a key matters to an operator, as in Kafka's configuration tables. */
  public enum Importance {
    HIGH,
    MEDIUM,
    LOW
  }

  /**
   * One key's documentation, for the configuration table.
   *
   * @param name the key
   * @param type its type
   * @param defaultValue the default, as text
   * @param validValues what the validator accepts, as text
   * @param importance how much it matters
   * @param doc one sentence
   */
  public record KeyDoc(
      String name,
      Type type,
      String defaultValue,
      String validValues,
      Importance importance,
      String doc) {}

  private static final ScorerConfig DEFAULTS = new Builder().build();

  private static final List<KeyDoc> KEYS =
      List.of(
          key(
              MODEL_DIR_CONFIG,
              Type.STRING,
              "a folder with model.json",
              Importance.HIGH,
              MODEL_DIR_DOC),
          key(DEVICE_CONFIG, Type.STRING, "cpu, auto, cuda:N", Importance.HIGH, DEVICE_DOC),
          key(
              INTRA_OP_THREADS_CONFIG,
              Type.INT,
              "[0,...]",
              Importance.MEDIUM,
              INTRA_OP_THREADS_DOC),
          key(INTER_OP_THREADS_CONFIG, Type.INT, "[0,...]", Importance.LOW, INTER_OP_THREADS_DOC),
          key(
              OPTIMIZATION_LEVEL_CONFIG,
              Type.STRING,
              "none, basic, extended, all",
              Importance.LOW,
              OPTIMIZATION_LEVEL_DOC),
          key(
              ALLOW_SPINNING_CONFIG,
              Type.BOOLEAN,
              "true, false",
              Importance.LOW,
              ALLOW_SPINNING_DOC),
          key(MAX_BATCH_SIZE_CONFIG, Type.INT, "[1,...]", Importance.MEDIUM, MAX_BATCH_SIZE_DOC),
          key(
              MAX_BATCH_TOKENS_CONFIG,
              Type.INT,
              "[1,...]",
              Importance.MEDIUM,
              MAX_BATCH_TOKENS_DOC),
          key(PAST_CACHE_MB_CONFIG, Type.INT, "[0,...]", Importance.MEDIUM, PAST_CACHE_MB_DOC),
          key(PROFILE_CONFIG, Type.BOOLEAN, "true, false", Importance.LOW, PROFILE_DOC));

  private final Path modelDir;
  private final Device device;
  private final int intraOpThreads;
  private final int interOpThreads;
  private final OptimizationLevel optimizationLevel;
  private final boolean allowSpinning;
  private final int maxBatchSize;
  private final int maxBatchTokens;
  private final int pastCacheMb;
  private final boolean profile;

  private ScorerConfig(Builder b) {
    modelDir = Objects.requireNonNull(b.modelDir, MODEL_DIR_CONFIG);
    device = Objects.requireNonNull(b.device, DEVICE_CONFIG);
    optimizationLevel = Objects.requireNonNull(b.optimizationLevel, OPTIMIZATION_LEVEL_CONFIG);
    intraOpThreads = atLeast(INTRA_OP_THREADS_CONFIG, b.intraOpThreads, 0);
    interOpThreads = atLeast(INTER_OP_THREADS_CONFIG, b.interOpThreads, 0);
    maxBatchSize = atLeast(MAX_BATCH_SIZE_CONFIG, b.maxBatchSize, 1);
    maxBatchTokens = atLeast(MAX_BATCH_TOKENS_CONFIG, b.maxBatchTokens, 1);
    pastCacheMb = atLeast(PAST_CACHE_MB_CONFIG, b.pastCacheMb, 0);
    allowSpinning = b.allowSpinning;
    profile = b.profile;
  }

  /** Every key with its type, default and documentation, in a stable order. */
  public static List<KeyDoc> keys() {
    return KEYS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code scorer.*} keys of {@code values} (strings or typed values); other keys are
   * ignored and absent keys take their defaults.
   *
   * @throws IllegalArgumentException naming the key, the value and what was expected
   */
  public static ScorerConfig fromMap(Map<String, ?> values) {
    Builder b = builder();
    ConfigValues v = new ConfigValues(values);
    v.read(MODEL_DIR_CONFIG, Path::of).ifPresent(b::modelDir);
    v.read(DEVICE_CONFIG, Device::parse).ifPresent(b::device);
    v.read(INTRA_OP_THREADS_CONFIG, ConfigValues::parseInt).ifPresent(b::intraOpThreads);
    v.read(INTER_OP_THREADS_CONFIG, ConfigValues::parseInt).ifPresent(b::interOpThreads);
    v.read(OPTIMIZATION_LEVEL_CONFIG, enumParser()).ifPresent(b::optimizationLevel);
    v.read(ALLOW_SPINNING_CONFIG, ConfigValues::parseBoolean).ifPresent(b::allowSpinning);
    v.read(MAX_BATCH_SIZE_CONFIG, ConfigValues::parseInt).ifPresent(b::maxBatchSize);
    v.read(MAX_BATCH_TOKENS_CONFIG, ConfigValues::parseInt).ifPresent(b::maxBatchTokens);
    v.read(PAST_CACHE_MB_CONFIG, ConfigValues::parseInt).ifPresent(b::pastCacheMb);
    v.read(PROFILE_CONFIG, ConfigValues::parseBoolean).ifPresent(b::profile);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid scorer configuration: " + e.getMessage(), e);
    }
  }

  /** As {@link #fromMap}, from properties. */
  public static ScorerConfig fromProperties(Properties properties) {
    Map<String, Object> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return fromMap(map);
  }

  private static Function<String, OptimizationLevel> enumParser() {
    return s -> {
      try {
        return OptimizationLevel.valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected none, basic, extended or all");
      }
    };
  }

  private static KeyDoc key(
      String name, Type type, String validValues, Importance importance, String doc) {
    return new KeyDoc(name, type, DEFAULTS.toMap().get(name), validValues, importance, doc);
  }

  private static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** The settings as key/value text, in {@link #keys()} order, for the start-up log. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(MODEL_DIR_CONFIG, modelDir.toString());
    map.put(DEVICE_CONFIG, device.toString());
    map.put(INTRA_OP_THREADS_CONFIG, Integer.toString(intraOpThreads));
    map.put(INTER_OP_THREADS_CONFIG, Integer.toString(interOpThreads));
    map.put(OPTIMIZATION_LEVEL_CONFIG, optimizationLevel.name().toLowerCase(Locale.ROOT));
    map.put(ALLOW_SPINNING_CONFIG, Boolean.toString(allowSpinning));
    map.put(MAX_BATCH_SIZE_CONFIG, Integer.toString(maxBatchSize));
    map.put(MAX_BATCH_TOKENS_CONFIG, Integer.toString(maxBatchTokens));
    map.put(PAST_CACHE_MB_CONFIG, Integer.toString(pastCacheMb));
    map.put(PROFILE_CONFIG, Boolean.toString(profile));
    return map;
  }

  public Path modelDir() {
    return modelDir;
  }

  public Device device() {
    return device;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public int interOpThreads() {
    return interOpThreads;
  }

  public OptimizationLevel optimizationLevel() {
    return optimizationLevel;
  }

  public boolean allowSpinning() {
    return allowSpinning;
  }

  public boolean profile() {
    return profile;
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public int maxBatchTokens() {
    return maxBatchTokens;
  }

  /** Megabytes of cached keys and values; 0 when the past cache is off. */
  public int pastCacheMb() {
    return pastCacheMb;
  }

  @Override
  public String toString() {
    return "ScorerConfig" + toMap();
  }

  /** Builds a {@link ScorerConfig}; every setter's default is the documented one. */
  public static final class Builder {
    private Path modelDir = Path.of("models", "demo-prm");
    private Device device = Device.CPU;
    private int intraOpThreads = 1;
    private int interOpThreads = 1;
    private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
    private boolean allowSpinning = false;
    private int maxBatchSize = 32;
    private int maxBatchTokens = 16384;
    private int pastCacheMb = 256;
    private boolean profile = false;

    private Builder() {}

    public Builder modelDir(Path value) {
      modelDir = value;
      return this;
    }

    public Builder device(Device value) {
      device = value;
      return this;
    }

    public Builder intraOpThreads(int value) {
      intraOpThreads = value;
      return this;
    }

    public Builder interOpThreads(int value) {
      interOpThreads = value;
      return this;
    }

    public Builder optimizationLevel(OptimizationLevel value) {
      optimizationLevel = value;
      return this;
    }

    public Builder allowSpinning(boolean value) {
      allowSpinning = value;
      return this;
    }

    public Builder maxBatchSize(int value) {
      maxBatchSize = value;
      return this;
    }

    public Builder maxBatchTokens(int value) {
      maxBatchTokens = value;
      return this;
    }

    public Builder pastCacheMb(int value) {
      pastCacheMb = value;
      return this;
    }

    public Builder profile(boolean value) {
      profile = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when a value is out of range
     */
    public ScorerConfig build() {
      return new ScorerConfig(this);
    }
  }
}
