package io.rewardstream.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.scorer.ScorerConfig.KeyDoc;
import io.rewardstream.scorer.ScorerConfig.OptimizationLevel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScorerConfigTest {

  @Test
  void shouldTakeTheDocumentedDefaultsForAbsentKeys() {
    ScorerConfig config = ScorerConfig.fromMap(Map.of("bootstrap.servers", "localhost:9092"));

    assertThat(config.modelDir()).isEqualTo(Path.of("models/demo-prm"));
    assertThat(config.device()).isEqualTo(Device.CPU);
    assertThat(config.intraOpThreads()).isEqualTo(1);
    assertThat(config.interOpThreads()).isEqualTo(1);
    assertThat(config.optimizationLevel()).isEqualTo(OptimizationLevel.ALL);
    assertThat(config.allowSpinning()).isFalse();
    assertThat(config.maxBatchSize()).isEqualTo(32);
    assertThat(config.maxBatchTokens()).isEqualTo(16384);
    assertThat(config.pastCacheMb()).isEqualTo(256);
    for (KeyDoc key : ScorerConfig.keys()) {
      assertThat(config.toMap()).containsEntry(key.name(), key.defaultValue());
    }
  }

  @Test
  void shouldReadStringAndTypedValues() {
    Properties properties = new Properties();
    properties.setProperty(ScorerConfig.MODEL_DIR_CONFIG, "/models/prm");
    properties.setProperty(ScorerConfig.DEVICE_CONFIG, "CUDA:1");
    properties.setProperty(ScorerConfig.OPTIMIZATION_LEVEL_CONFIG, "extended");
    properties.setProperty(ScorerConfig.ALLOW_SPINNING_CONFIG, "true");
    properties.setProperty(ScorerConfig.PAST_CACHE_MB_CONFIG, "0");
    ScorerConfig fromText = ScorerConfig.fromProperties(properties);
    ScorerConfig typed =
        ScorerConfig.fromMap(
            Map.of(ScorerConfig.MAX_BATCH_SIZE_CONFIG, 8, ScorerConfig.INTRA_OP_THREADS_CONFIG, 2));

    assertThat(fromText.modelDir()).isEqualTo(Path.of("/models/prm"));
    assertThat(fromText.device()).isEqualTo(Device.cuda(1));
    assertThat(fromText.optimizationLevel()).isEqualTo(OptimizationLevel.EXTENDED);
    assertThat(fromText.allowSpinning()).isTrue();
    assertThat(fromText.pastCacheMb()).isZero();
    assertThat(typed.maxBatchSize()).isEqualTo(8);
    assertThat(typed.intraOpThreads()).isEqualTo(2);
  }

  @Test
  void shouldRejectAnInvalidValueNamingKeyValueAndExpectation() {
    assertThatThrownBy(() -> ScorerConfig.fromMap(Map.of(ScorerConfig.DEVICE_CONFIG, "gpu")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value 'gpu' for configuration scorer.device: expected cpu, auto or cuda:N (N a"
                + " device ordinal), found 'gpu'");
    assertThatThrownBy(
            () -> ScorerConfig.fromMap(Map.of(ScorerConfig.ALLOW_SPINNING_CONFIG, "yes")))
        .hasMessage(
            "Invalid value 'yes' for configuration scorer.allow-spinning: expected true or false");
    assertThatThrownBy(
            () -> ScorerConfig.fromMap(Map.of(ScorerConfig.MAX_BATCH_TOKENS_CONFIG, "many")))
        .hasMessageContaining("scorer.max-batch-tokens: expected an integer");
    assertThatThrownBy(
            () -> ScorerConfig.fromMap(Map.of(ScorerConfig.OPTIMIZATION_LEVEL_CONFIG, "max")))
        .hasMessageContaining("expected none, basic, extended or all");
  }

  @Test
  void shouldRejectOutOfRangeNumbers() {
    assertThatThrownBy(() -> ScorerConfig.fromMap(Map.of(ScorerConfig.MAX_BATCH_SIZE_CONFIG, "0")))
        .hasMessage(
            "Invalid scorer configuration: scorer.max-batch-size must be at least 1, was 0");
    assertThatThrownBy(() -> ScorerConfig.builder().intraOpThreads(-1).build())
        .hasMessage("scorer.intra-op-threads must be at least 0, was -1");
    assertThatThrownBy(() -> ScorerConfig.fromMap(Map.of(ScorerConfig.PAST_CACHE_MB_CONFIG, "-1")))
        .hasMessage(
            "Invalid scorer configuration: scorer.past-cache-mb must be at least 0, was -1");
  }

  @Test
  void shouldDocumentEveryKeyWithTypeDefaultAndOneSentence() {
    assertThat(ScorerConfig.keys())
        .extracting(KeyDoc::name)
        .containsExactly(
            "scorer.model.dir",
            "scorer.device",
            "scorer.intra-op-threads",
            "scorer.inter-op-threads",
            "scorer.optimization-level",
            "scorer.allow-spinning",
            "scorer.max-batch-size",
            "scorer.max-batch-tokens",
            "scorer.past-cache-mb",
            "scorer.profile");
    for (KeyDoc key : ScorerConfig.keys()) {
      assertThat(key.doc()).as(key.name()).endsWith(".").doesNotContain(". ");
      assertThat(key.type()).isNotNull();
      assertThat(key.importance()).isNotNull();
      assertThat(key.validValues()).isNotBlank();
      assertThat(key.defaultValue()).isNotBlank();
    }
  }

  @Test
  void shouldParseDevices() {
    assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
    assertThat(Device.parse(" Auto ")).isEqualTo(Device.AUTO);
    assertThat(Device.parse("cuda:0")).isEqualTo(Device.cuda(0));
    assertThat(Device.cuda(3)).hasToString("cuda:3");
    assertThatThrownBy(() -> Device.parse("cuda")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Device.parse("cuda:-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
