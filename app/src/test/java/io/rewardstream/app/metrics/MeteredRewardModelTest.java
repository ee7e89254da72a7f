package io.rewardstream.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.ScorerConfig;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.TokenTexts;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredRewardModelTest {
  private static final ModelMetadata METADATA =
      new ModelMetadata("m", "1", "00", null, 35, 256, 11, "\n", List.of("reward"));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void shouldRecordBatchSizeTokensAndScoringTimePerCall() {
    RewardModel model = new MeteredRewardModel(stub(false), registry);

    model.score(
        List.of(
            ScoreRequest.ofEnd(new int[] {1, 2, 3}), ScoreRequest.ofEnd(new int[] {4, 5, 6, 7})));
    model.score(List.of(ScoreRequest.ofEnd(new int[] {1})));

    assertThat(registry.get("rewardstream.scoring.batch.size").summary().count()).isEqualTo(2);
    assertThat(registry.get("rewardstream.scoring.batch.size").summary().totalAmount())
        .isEqualTo(3);
    assertThat(registry.get("rewardstream.scoring.batch.tokens").summary().totalAmount())
        .isEqualTo(8);
    assertThat(registry.get("rewardstream.scoring.time").timer().count()).isEqualTo(2);
    assertThat(registry.get("rewardstream.scoring.time").tag("model", "m").timer()).isNotNull();
  }

  @Test
  void shouldCountFailuresAndRethrowThem() {
    RewardModel model = new MeteredRewardModel(stub(true), registry);

    assertThatThrownBy(() -> model.score(List.of(ScoreRequest.ofEnd(new int[] {1}))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(registry.get("rewardstream.scoring.failures").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldPassForgetAndTokenTextsOnToTheModel() {
    List<String> forgotten = new ArrayList<>();
    TokenTexts texts = TokenTexts.of(List.of("a", "\n\n"));
    RewardModel stub =
        new RewardModel() {
          @Override
          public ModelMetadata metadata() {
            return METADATA;
          }

          @Override
          public List<Scores> score(List<ScoreRequest> requests) {
            return List.of();
          }

          @Override
          public void forget(String cacheKey) {
            forgotten.add(cacheKey);
          }

          @Override
          public Optional<TokenTexts> tokenTexts() {
            return Optional.of(texts);
          }

          @Override
          public void close() {}
        };
    MeteredRewardModel metered = new MeteredRewardModel(stub, registry);

    metered.forget("g/s");

    assertThat(forgotten).containsExactly("g/s");
    assertThat(metered.tokenTexts()).containsSame(texts);
  }

  @Test
  void shouldExportWhatThePastCacheOfTheDemoModelHoldsAndSaves() {
    ScorerConfig config = ScorerConfig.builder().modelDir(demoModel()).pastCacheMb(16).build();
    try (RewardModel model = new MeteredRewardModel(OnnxRewardModel.load(config), registry)) {
      int[] chain = {19, 12, 3, 11, 13, 12, 4, 11, 14, 12, 2, 11};
      model.score(List.of(ScoreRequest.ofEnd(Arrays.copyOf(chain, 8)).withKey("g/s")));
      model.score(List.of(ScoreRequest.ofEnd(chain).withKey("g/s")));

      assertThat(counter("hits")).isEqualTo(1);
      assertThat(counter("misses")).isEqualTo(1);
      assertThat(counter("reused.tokens")).isEqualTo(8);
      assertThat(registry.get("rewardstream.scorer.past.cache.entries").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("rewardstream.scorer.past.cache.size").gauge().value()).isPositive();

      assertThat(gauge("spare")).isZero();

      model.forget("g/s");

      assertThat(registry.get("rewardstream.scorer.past.cache.entries").gauge().value()).isZero();
      assertThat(registry.get("rewardstream.scorer.past.cache.size").gauge().value()).isZero();
      assertThat(gauge("spare")).isPositive(); // the sequence's blocks, kept for the next ones
    }
  }

  private double gauge(String name) {
    return registry.get("rewardstream.scorer.past.cache." + name).gauge().value();
  }

  private double counter(String name) {
    return registry
        .get("rewardstream.scorer.past.cache." + name)
        .tag("model", "rewardstream-demo-prm")
        .functionCounter()
        .count();
  }

  /** models/demo-prm under the outermost folder above this one with a pom.xml. */
  private static Path demoModel() {
    Path root = Path.of("").toAbsolutePath();
    for (Path p = root; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml"))) {
        root = p;
      }
    }
    return root.resolve("models").resolve("demo-prm");
  }

  private static RewardModel stub(boolean failing) {
    return new RewardModel() {
      @Override
      public ModelMetadata metadata() {
        return METADATA;
      }

      @Override
      public List<Scores> score(List<ScoreRequest> requests) {
        if (failing) {
          throw new IllegalStateException("out of memory");
        }
        return requests.stream().map(r -> Scores.of(0.5)).toList();
      }

      @Override
      public void close() {}
    };
  }
}
