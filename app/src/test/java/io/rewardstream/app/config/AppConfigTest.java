package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppConfigTest {

  @ParameterizedTest
  @ValueSource(ints = {-1, 1, 3, 32_767})
  void shouldAcceptTheBrokersDefaultOrAPositiveReplicationFactor(int factor) {
    AppConfig config = new AppConfig(Map.of(AppConfig.TOPICS_REPLICATION_FACTOR_CONFIG, factor));

    assertThat(config.getInt(AppConfig.TOPICS_REPLICATION_FACTOR_CONFIG)).isEqualTo(factor);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -2, 32_768})
  void shouldRefuseAReplicationFactorNoTopicCanHave(int factor) {
    assertThatThrownBy(
            () -> new AppConfig(Map.of(AppConfig.TOPICS_REPLICATION_FACTOR_CONFIG, factor)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.TOPICS_REPLICATION_FACTOR_CONFIG)
        .hasMessageContaining("must be -1 (the broker's default) or between 1 and 32767");
  }
}
