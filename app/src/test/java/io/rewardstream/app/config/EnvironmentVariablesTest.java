package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

  @Test
  void shouldMapPrefixedVariablesToLowerCaseDottedKeys() {
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_SCORER_DEVICE")).isEqualTo("scorer.device");
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_BOOTSTRAP_SERVERS"))
        .isEqualTo("bootstrap.servers");
  }

  @Test
  void shouldTurnDoubleUnderscoresIntoDashesAndTriplesIntoUnderscores() {
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_SCORE_EVERY__TOKENS"))
        .isEqualTo("score.every-tokens");
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_TOPIC_GROUP__REWARDS"))
        .isEqualTo("topic.group-rewards");
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_SOME___KEY")).isEqualTo("some_key");
  }

  @Test
  void shouldIgnoreVariablesWithoutThePrefix() {
    assertThat(EnvironmentVariables.toKey("PATH")).isNull();
    assertThat(EnvironmentVariables.toKey("REWARDSTREAM_")).isNull();
  }

  @Test
  void shouldRefuseLongerRunsOfUnderscores() {
    assertThatThrownBy(() -> EnvironmentVariables.toKey("REWARDSTREAM_A____B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REWARDSTREAM_A____B");
  }

  @Test
  void shouldNameTheVariableOfEveryKeyAndMapItBack() {
    for (String key :
        new String[] {
          "scorer.device", "score.every-tokens", "rejection.max-wait-ms", "schema.registry.url"
        }) {
      assertThat(EnvironmentVariables.toKey(EnvironmentVariables.toVariable(key))).isEqualTo(key);
    }
    assertThat(EnvironmentVariables.toVariable("rejection.max-wait-ms"))
        .isEqualTo("REWARDSTREAM_REJECTION_MAX__WAIT__MS");
  }

  @Test
  void shouldCollectOnlyPrefixedVariablesAsSettings() {
    Map<String, String> settings =
        EnvironmentVariables.settings(
            Map.of(
                "REWARDSTREAM_SCORER_DEVICE", "cuda:0",
                "HOME", "/root",
                "REWARDSTREAM_REJECTION_KEEP", "4"));

    assertThat(settings)
        .containsOnly(Map.entry("scorer.device", "cuda:0"), Map.entry("rejection.keep", "4"));
  }
}
