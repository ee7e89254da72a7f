package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.rewardstream.scorer.Device;
import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.ModelLoadException;
import io.rewardstream.scorer.ScorerConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device selection where CUDA cannot be used (the CPU build of ONNX Runtime, or the GPU build
 * without CUDA libraries). Skipped under {@code -Pgpu} on a machine where CUDA works.
 */
class DeviceSelectionTest {

  @BeforeEach
  void requireNoWorkingCuda() {
    // Decided by trying, as the scorer does: the provider list says what is compiled in.
    boolean cudaWorks;
    try {
      OnnxRewardModel.load(on(Device.cuda(0))).close();
      cudaWorks = true;
    } catch (ModelLoadException e) {
      cudaWorks = false;
    }
    assumeFalse(cudaWorks, "CUDA works here");
  }

  private static ScorerConfig on(Device device) {
    return ScorerConfig.builder().modelDir(Fixtures.dir("classifier")).device(device).build();
  }

  @Test
  void shouldFailStartUpWithOnnxRuntimesReasonWhenCudaCannotBeUsed() {
    assertThatThrownBy(() -> OnnxRewardModel.load(on(Device.cuda(0))))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith(
            "scorer.device=cuda:0: the CUDA execution provider cannot be used: ")
        .hasCauseInstanceOf(RuntimeException.class);
  }

  @Test
  void shouldFallBackToTheCpuOnAutoWhenCudaCannotBeUsed() {
    try (OnnxRewardModel model = OnnxRewardModel.load(on(Device.AUTO))) {
      assertThat(model.device()).isEqualTo(Device.CPU);
      assertThat(model.score(List.of())).isEmpty();
    }
  }

  @Test
  void shouldRunOnTheCpuWithTheConfiguredSessionOptions() {
    ScorerConfig config =
        ScorerConfig.builder()
            .modelDir(Fixtures.dir("classifier"))
            .intraOpThreads(2)
            .interOpThreads(1)
            .optimizationLevel(ScorerConfig.OptimizationLevel.BASIC)
            .allowSpinning(true)
            .build();
    try (OnnxRewardModel model = OnnxRewardModel.load(config)) {
      assertThat(model.device()).isEqualTo(Device.CPU);
      assertThat(model.metadata().sha256()).hasSize(64);
    }
  }
}
