package io.rewardstream.app.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The range of chain-arithmetic problems: every true intermediate value lies in {@code [valueMin,
 * valueMax]}, and a problem has {@code minOps} to {@code maxOps} operations. The demo PRM states
 * the range it was trained on in its manifest ({@code domain.value_min}, {@code domain.value_max}).
 */
public record ChainDomain(int valueMin, int valueMax, int minOps, int maxOps) {
  public static final int OPERAND_MIN = 1;
  public static final int OPERAND_MAX = 9;

  /** Offsets of a wrong step's result from the true one: off by 1-3 or by 10. */
  static final int[] ERROR_OFFSETS = {-10, -3, -2, -1, 1, 2, 3, 10};

  /** The range of {@code chainarith.py}: values 0..99, 3 to 8 operations. */
  public static final ChainDomain DEFAULT = new ChainDomain(0, 99, 3, 8);

  public ChainDomain {
    if (valueMax - valueMin < 2 * OPERAND_MAX) {
      throw new IllegalArgumentException(
          "value range " + valueMin + ".." + valueMax + " is too narrow for operands 1..9");
    }
    if (minOps < 1 || maxOps < minOps) {
      throw new IllegalArgumentException("operations " + minOps + ".." + maxOps);
    }
  }

  public boolean contains(int value) {
    return value >= valueMin && value <= valueMax;
  }

  /**
   * The domain a model folder's {@code model.json} declares in {@code domain.value_min/value_max}
   * (and {@code min_ops/max_ops}, else 3..8); {@link #DEFAULT} when the manifest is absent or
   * declares no value range.
   */
  public static ChainDomain ofModel(Path modelDir) {
    Path manifest = modelDir.resolve("model.json");
    if (!Files.isRegularFile(manifest)) {
      return DEFAULT;
    }
    try {
      JsonNode domain = new ObjectMapper().readTree(manifest.toFile()).path("domain");
      if (!domain.path("value_min").isInt() || !domain.path("value_max").isInt()) {
        return DEFAULT;
      }
      return new ChainDomain(
          domain.get("value_min").asInt(),
          domain.get("value_max").asInt(),
          domain.path("min_ops").asInt(DEFAULT.minOps),
          domain.path("max_ops").asInt(DEFAULT.maxOps));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + manifest, e);
    }
  }
}
