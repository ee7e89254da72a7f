package io.rewardstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.app.StartupException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

  @Test
  void shouldListEveryBadValueOfEveryModuleAtOnce() {
    List<String> problems =
        ConfigCheck.problems(
            Map.of(
                "rejection.keep", "abc",
                "group.rejected-reward", "foo",
                "reward.aggregation", "median",
                "scorer.past-cache-mb", "-5",
                "scorer.optimization-level", "turbo",
                "http.port", "abc",
                "demo.groups", "0",
                "schema.registry.retries", "99"));

    assertThat(problems)
        .hasSize(8)
        .anySatisfy(p -> assertThat(p).contains("rejection.keep").contains("a fraction (1/2)"))
        .anySatisfy(p -> assertThat(p).contains("group.rejected-reward").contains("partial, min"))
        .anySatisfy(p -> assertThat(p).contains("reward.aggregation"))
        .anySatisfy(p -> assertThat(p).contains("scorer.past-cache-mb"))
        .anySatisfy(p -> assertThat(p).contains("scorer.optimization-level"))
        .anySatisfy(p -> assertThat(p).contains("http.port"))
        .anySatisfy(p -> assertThat(p).contains("demo.groups"))
        .anySatisfy(p -> assertThat(p).contains("schema.registry.retries"));
  }

  @Test
  void shouldNameAnUnknownKeyInRewardStreamsNamespacesWithTheNearestKnownOne() {
    List<String> problems =
        ConfigCheck.problems(
            Map.of("scorer.devise", "cuda:0", "rejection.treshold", "0.3", "topics.foo", "x"));

    assertThat(problems)
        .containsExactly(
            "unknown setting rejection.treshold: no module of RewardStream or Kafka defines it;"
                + " did you mean rejection.threshold?",
            "unknown setting scorer.devise: no module of RewardStream or Kafka defines it; did you"
                + " mean scorer.device?",
            "unknown setting topics.foo: no module of RewardStream or Kafka defines it");
  }

  @Test
  void shouldAcceptKafkaSettingsInSharedNamespacesAndLeaveOtherKeysToKafka() {
    assertThat(
            ConfigCheck.problems(
                Map.of(
                    "state.dir", "/var/lib/rewardstream",
                    "group.instance.id", "rs-1",
                    "metrics.recording.level", "DEBUG",
                    "metrics.context.env", "prod",
                    "errors.dead.letter.queue.topic.name", "dlq",
                    "num.stream.threads", "2",
                    "main.consumer.fetch.min.bytes", "1",
                    "my.own.key", "anything")))
        .isEmpty();
  }

  @Test
  void shouldRefuseTheConfluentSettingsTheRegistryClientDoesNotImplementOnce() {
    assertThat(ConfigCheck.problems(Map.of("use.latest.version", "true")))
        .singleElement()
        .asString()
        .contains("use.latest.version")
        .contains("does not implement");
  }

  @Test
  void shouldNameConfluentRegistrySettingsItDoesNotImplementRatherThanCallThemUnknown() {
    List<String> problems =
        ConfigCheck.problems(
            Map.of(
                "schema.registry.ssl.keystore.password", "secret",
                "schema.registry.ssl.endpoint.identification.algorithm", "https"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("schema.registry.ssl.keystore.password")
        .contains("does not implement")
        .doesNotContain("secret")
        .doesNotContain("unknown setting");
  }

  @Test
  void shouldThrowOneStartupExceptionListingTheProblemsAndTheCallersOwn() {
    assertThatThrownBy(
            () ->
                ConfigCheck.require(
                    Map.of("score.every-tokens", "0"), List.of("expected bootstrap.servers")))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "Invalid configuration:\n"
                + "  - Invalid value 0 for configuration score.every-tokens: Value must be at least"
                + " 1\n"
                + "  - expected bootstrap.servers");
  }

  @Test
  void shouldMeasureEditDistance() {
    assertThat(ConfigCheck.distance("scorer.devise", "scorer.device", 10)).isEqualTo(1);
    assertThat(ConfigCheck.distance("abc", "abc", 10)).isZero();
    assertThat(ConfigCheck.distance("kitten", "sitting", 10)).isEqualTo(3);
    assertThat(ConfigCheck.distance("kitten", "sitting", 2)).isEqualTo(2);
  }
}
