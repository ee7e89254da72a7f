package io.rewardstream.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.TokenTexts;
import io.rewardstream.scorer.onnx.OnnxRewardModel;
import io.rewardstream.scorer.onnx.PastCacheStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A {@link RewardModel} that measures every scoring call: how many requests and tokens the
 * topology's micro-batches hold, and how long the model takes. Sits between the topology and the
 * real model, so the figures describe exactly the batches the model saw. For an {@link
 * OnnxRewardModel} it also exports what its past key/value cache holds and saves.
 */
public final class MeteredRewardModel implements RewardModel {
  private final RewardModel delegate;
  private final DistributionSummary batchRequests;
  private final DistributionSummary batchTokens;
  private final Timer scoringTime;
  private final Counter failures;

  public MeteredRewardModel(RewardModel delegate, MeterRegistry registry) {
    this.delegate = delegate;
    String model = delegate.metadata().id();
    this.batchRequests =
        DistributionSummary.builder("rewardstream.scoring.batch.size")
            .description("Scoring requests per reward-model call (micro-batch size)")
            .tag("model", model)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);
    this.batchTokens =
        DistributionSummary.builder("rewardstream.scoring.batch.tokens")
            .description("Tokens per reward-model call, before padding")
            .baseUnit("tokens")
            .tag("model", model)
            .serviceLevelObjectives(64, 256, 1024, 4096, 16384, 65536)
            .register(registry);
    this.scoringTime =
        Timer.builder("rewardstream.scoring.time")
            .description("Time the reward model takes per call")
            .tag("model", model)
            .serviceLevelObjectives(
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(1000))
            .register(registry);
    this.failures =
        Counter.builder("rewardstream.scoring.failures")
            .description("Reward-model calls that threw")
            .tag("model", model)
            .register(registry);
    if (delegate instanceof OnnxRewardModel onnx) {
      registerPastCache(onnx, model, registry);
    }
  }

  /** Counters and gauges over the model's past cache (all zero when the cache is off). */
  private static void registerPastCache(
      OnnxRewardModel onnx, String model, MeterRegistry registry) {
    pastCounter(
        "hits", "Rows that reused cached keys and values", s -> s.hits(), onnx, model, registry);
    pastCounter(
        "misses",
        "Rows with a cache key that found nothing usable",
        s -> s.misses(),
        onnx,
        model,
        registry);
    pastCounter(
        "reused.tokens",
        "Tokens not fed to the graph again thanks to the cache",
        s -> s.reusedTokens(),
        onnx,
        model,
        registry);
    pastCounter(
        "evictions",
        "Cache entries dropped to stay inside scorer.past-cache-mb",
        s -> s.evictions(),
        onnx,
        model,
        registry);
    Gauge.builder("rewardstream.scorer.past.cache.entries", onnx, m -> m.pastCacheStats().entries())
        .description("Sequences whose keys and values the scorer holds")
        .tag("model", model)
        .register(registry);
    Gauge.builder("rewardstream.scorer.past.cache.size", onnx, m -> m.pastCacheStats().bytes())
        .description("Heap the cached keys and values take")
        .baseUnit("bytes")
        .tag("model", model)
        .register(registry);
    Gauge.builder(
            "rewardstream.scorer.past.cache.spare", onnx, m -> m.pastCacheStats().spareBytes())
        .description(
            "Heap held in blocks of ended sequences for the next ones (inside the cache's budget)")
        .baseUnit("bytes")
        .tag("model", model)
        .register(registry);
  }

  private static void pastCounter(
      String name,
      String description,
      ToLongFunction<PastCacheStats> value,
      OnnxRewardModel onnx,
      String model,
      MeterRegistry registry) {
    FunctionCounter.builder(
            "rewardstream.scorer.past.cache." + name,
            onnx,
            m -> value.applyAsLong(m.pastCacheStats()))
        .description(description)
        .tag("model", model)
        .register(registry);
  }

  @Override
  public ModelMetadata metadata() {
    return delegate.metadata();
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    if (requests.isEmpty()) {
      return delegate.score(requests);
    }
    long tokens = 0;
    for (ScoreRequest request : requests) {
      tokens += request.tokenIds().length;
    }
    long start = System.nanoTime();
    try {
      List<Scores> scores = delegate.score(requests);
      scoringTime.record(Duration.ofNanos(System.nanoTime() - start));
      batchRequests.record(requests.size());
      batchTokens.record(tokens);
      return scores;
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
  }

  @Override
  public void forget(String cacheKey) {
    delegate.forget(cacheKey);
  }

  @Override
  public Optional<TokenTexts> tokenTexts() {
    return delegate.tokenTexts();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
