package io.rewardstream.scorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.rewardstream.scorer.onnx.BatchPlanner.Batch;
import io.rewardstream.scorer.onnx.BatchPlanner.BatchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  private static List<Row> rows(int... lengths) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      rows.add(new Row(i, new int[lengths[i]], new int[] {lengths[i] - 1}, new int[] {0}));
    }
    return rows;
  }

  @Test
  void shouldGroupRowsOfSimilarLengthSoPaddingStaysSmall() {
    int[] lengths = {10, 100, 12, 98, 11, 101, 9, 99};

    double grouped = new BatchPlanner(4, 10_000, true).summarize(lengths).paddingFraction();
    double arrival = new BatchPlanner(4, 10_000, false).summarize(lengths).paddingFraction();

    // grouped: [9,10,11,12] pads to 12 and [98,99,100,101] to 101: 12 + 6 of 452 tokens.
    assertThat(grouped).isEqualTo(1.0 - 440.0 / (4 * 12 + 4 * 101));
    // in arrival order both sub-batches pad to 100 and 101.
    assertThat(arrival).isEqualTo(1.0 - 440.0 / (4 * 100 + 4 * 101));
  }

  @Test
  void shouldBoundEverySubBatchByRowsAndPaddedTokens() {
    Random random = new Random(42);
    int[] lengths = random.ints(500, 1, 300).toArray();

    BatchPlan plan = new BatchPlanner(8, 1024, true).plan(rows(lengths));

    for (Batch batch : plan.batches()) {
      assertThat(batch.rows()).hasSizeBetween(1, 8);
      assertThat(batch.paddedTokens()).isLessThanOrEqualTo(1024);
      assertThat(batch.tokens())
          .isEqualTo(batch.rows().stream().mapToInt(Row::length).max().orElseThrow());
    }
    assertThat(plan.batches().stream().flatMap(b -> b.rows().stream()).map(Row::request))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 500).boxed().toList());
  }

  @Test
  void shouldStartANewSubBatchWhenPaddingWouldCostMoreThanACall() {
    BatchPlan plan = new BatchPlanner(32, 100_000, true).plan(rows(500, 10, 12));

    assertThat(plan.batches()).extracting(Batch::tokens).containsExactly(12, 500);
  }

  @Test
  void shouldShareASubBatchWhenPaddingCostsLessThanACall() {
    BatchPlan plan = new BatchPlanner(32, 100_000, true).plan(rows(500, 490, 12, 10));

    assertThat(plan.batches()).extracting(Batch::tokens).containsExactly(12, 500);
  }

  @Test
  void shouldPutARowLongerThanTheTokenBoundAlone() {
    BatchPlan plan = new BatchPlanner(8, 100, true).plan(rows(30, 300, 40));

    assertThat(plan.batches()).hasSize(2);
    assertThat(plan.batches().get(1).rows()).extracting(Row::length).containsExactly(300);
  }

  @Test
  void shouldKeepArrivalOrderWhenNotGrouping() {
    BatchPlan plan = new BatchPlanner(2, 10_000, false).plan(rows(50, 5, 40, 4));

    assertThat(plan.batches().get(0).rows()).extracting(Row::request).containsExactly(0, 1);
    assertThat(plan.batches().get(1).rows()).extracting(Row::request).containsExactly(2, 3);
  }

  @Test
  void shouldKeepRowsWithDifferentPastsApartWhenThePositionsFollowThePastLength() {
    List<Row> rows =
        List.of(
            new Row(0, new int[12], new int[] {11}, new int[] {0}).withPast(null, 4),
            new Row(1, new int[12], new int[] {11}, new int[] {0}).withPast(null, 8),
            new Row(2, new int[12], new int[] {11}, new int[] {0}).withPast(null, 4));

    BatchPlan apart = new BatchPlanner(32, 100_000, true, true).plan(rows);
    BatchPlan together = new BatchPlanner(32, 100_000, true, false).plan(rows);

    assertThat(apart.batches())
        .extracting(b -> b.rows().stream().map(Row::request).toList())
        .containsExactlyInAnyOrder(List.of(0, 2), List.of(1));
    assertThat(together.batches()).hasSize(1);
  }
}
