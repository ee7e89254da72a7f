package io.rewardstream.topology;

import io.rewardstream.scorer.ModelMetadata;
import io.rewardstream.scorer.RewardModel;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import io.rewardstream.scorer.TokenTexts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A deterministic reward model for topology tests: the reward at a position is the last
 * non-separator token before it divided by 100, so a test writes the score it wants as a token
 * ({@code 80} scores 0.8). Token ids run 0..99; 1 is the step separator. Records the batch sizes,
 * the cache keys of the requests and the keys it was told to forget, and holds each scored key as a
 * past cache would, until it is forgotten. With a {@link #gate}, a model call waits for it.
 */
final class FakeRewardModel implements RewardModel {
  static final int SEPARATOR = 1;
  static final int VOCAB = 100;
  static final int MAX_CONTEXT = 64;

  private final int separator;
  private final String separatorText;
  private final TokenTexts tokenTexts;
  final List<Integer> batchSizes = new ArrayList<>();
  final List<String> cacheKeys = new ArrayList<>();
  final List<String> forgotten = new ArrayList<>();
  private final Set<String> cached = new HashSet<>();

  /** When set, each call counts {@link #entered} down and waits for the gate to open. */
  volatile CountDownLatch gate;

  final CountDownLatch entered = new CountDownLatch(1);

  FakeRewardModel() {
    this(SEPARATOR, "\n");
  }

  /** A model whose steps end at {@code separator} (-1 for none) or at {@code separatorText}. */
  FakeRewardModel(int separator, String separatorText) {
    this(separator, separatorText, null);
  }

  /**
   * A model whose steps end at {@code separatorText}, found in {@code tokenTexts} token by token.
   */
  FakeRewardModel(String separatorText, TokenTexts tokenTexts) {
    this(-1, separatorText, tokenTexts);
  }

  private FakeRewardModel(int separator, String separatorText, TokenTexts tokenTexts) {
    this.separator = separator;
    this.separatorText = separatorText;
    this.tokenTexts = tokenTexts;
  }

  @Override
  public Optional<TokenTexts> tokenTexts() {
    return Optional.ofNullable(tokenTexts);
  }

  @Override
  public ModelMetadata metadata() {
    return new ModelMetadata(
        "fake-prm",
        "1",
        "0".repeat(64),
        null,
        VOCAB,
        MAX_CONTEXT,
        separator,
        separatorText,
        List.of("reward"));
  }

  @Override
  public List<Scores> score(List<ScoreRequest> requests) {
    CountDownLatch closed = gate;
    if (closed != null) {
      entered.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return scoreNow(requests);
  }

  private synchronized List<Scores> scoreNow(List<ScoreRequest> requests) {
    batchSizes.add(requests.size());
    List<Scores> out = new ArrayList<>();
    for (ScoreRequest request : requests) {
      cacheKeys.add(request.cacheKey());
      if (request.cacheKey() != null) {
        cached.add(request.cacheKey());
      }
      double[] rewards = new double[request.positions().length];
      for (int i = 0; i < rewards.length; i++) {
        rewards[i] = rewardAt(request.tokenIds(), request.positions()[i]);
      }
      out.add(Scores.of(rewards));
    }
    return out;
  }

  @Override
  public synchronized void forget(String cacheKey) {
    forgotten.add(cacheKey);
    cached.remove(cacheKey);
  }

  /** The keys the model holds now. */
  synchronized Set<String> cached() {
    return Set.copyOf(cached);
  }

  /** Model calls so far. */
  synchronized int calls() {
    return batchSizes.size();
  }

  private static double rewardAt(int[] tokens, int position) {
    for (int i = position - 1; i >= 0; i--) {
      if (tokens[i] != SEPARATOR) {
        return tokens[i] / 100.0;
      }
    }
    return 0;
  }

  @Override
  public void close() {}
}
