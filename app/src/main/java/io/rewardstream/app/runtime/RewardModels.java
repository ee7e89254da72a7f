package io.rewardstream.app.runtime;

import io.rewardstream.app.StartupException;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import java.util.Map;

/** Loads the configured reward model, turning every problem into a start-up failure. */
public final class RewardModels {
  private RewardModels() {}

  /**
   * Loads the model that {@code scorer.*} settings describe.
   *
   * @throws StartupException naming what was expected and found (missing folder, manifest or graph;
   *     graph not matching the manifest; an unusable device; an invalid setting)
   */
  public static OnnxRewardModel load(Map<String, ?> settings) {
    ScorerConfig config;
    try {
      config = ScorerConfig.fromMap(settings);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
    try {
      return OnnxRewardModel.load(config);
    } catch (ModelLoadException e) {
      throw new StartupException(
          "Cannot load the reward model from "
              + config.modelDir().toAbsolutePath()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
