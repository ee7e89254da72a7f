package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.Fixtures;
import io.rewardstream.scorer.Fixtures.ExpectedRequest;
import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.scorer.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One model (one session) is shared by every stream thread. */
class ConcurrentScoringTest {

  @Test
  @Timeout(60)
  void shouldGiveEveryThreadTheSameRewardsAsASingleCaller() throws Exception {
    List<ScoreRequest> requests =
        Fixtures.expected("multi-head").stream().map(ExpectedRequest::request).toList();
    try (OnnxRewardModel model = OnnxRewardModel.load(Fixtures.config("multi-head"))) {
      List<Scores> reference = model.score(requests);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
          int offset = thread;
          results.add(
              pool.submit(
                  () -> {
                    for (int call = 0; call < 50; call++) {
                      // Different subsets per call, so threads pad to different shapes.
                      int from = (offset + call) % requests.size();
                      List<Scores> got = model.score(requests.subList(from, requests.size()));
                      if (!got.equals(reference.subList(from, requests.size()))) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> result : results) {
          assertThat(result.get(50, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
