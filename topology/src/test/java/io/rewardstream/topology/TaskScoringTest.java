package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.topology.scoring.SharedScoring;
import io.rewardstream.topology.state.SequenceState;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** Two tasks of one instance share the scoring service, inline (score.threads=0). */
class TaskScoringTest {
  private final FakeRewardModel model = new FakeRewardModel();
  private final SharedScoring shared = new SharedScoring(model, 64, 0, 0);
  private final StreamsMetrics metrics = new MockProcessorContext<String, Object>().metrics();
  private final TopologySettings settings = settings();

  private TopologySettings settings() {
    Map<String, Object> config = new HashMap<>(TestSerdes.CONFIG);
    return new TopologySettings(
        new RewardStreamConfig(config), model.metadata(), shared, StepCutter.forModel(model));
  }

  private TaskScoring task(String id) {
    return new TaskScoring(settings, new RewardStreamSensors(metrics, id));
  }

  private static SequenceState oneStep(String group) {
    SequenceState state = new SequenceState(group, "s");
    for (int i = 0; i < 11; i++) {
      state.appendToken(5, false);
    }
    state.appendToken(FakeRewardModel.SEPARATOR, true);
    return state;
  }

  @Test
  void shouldTakeBackAClosingTasksQueuedJobsAndScoreTheOthers() {
    TaskScoring moving = task("task-0_0");
    TaskScoring staying = task("task-0_1");
    assertThat(moving.submit(oneStep("g0"))).isTrue();
    assertThat(staying.submit(oneStep("g1"))).isTrue();

    moving.close();
    staying.runPending();

    assertThat(model.batchSizes).containsExactly(1);
    assertThat(staying.next().job().sequenceKey()).isEqualTo("g1/s");
    assertThat(staying.next()).isNull();
    staying.close();
  }
}
