package io.rewardstream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.Prompt;
import io.rewardstream.avro.SequenceStatus;
import io.rewardstream.topology.errors.BadInputException.Reason;
import io.rewardstream.topology.errors.DeadLetterHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
  private static final int SEP = FakeRewardModel.SEPARATOR;

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Sends {@code chunk} raw and checks it lands in the DLQ, byte for byte, with {@code reason}. */
  private static void assertDeadLettered(
      TopologyFixture f, String key, GenerationChunk chunk, Reason reason) {
    byte[] bytes = TestSerdes.<GenerationChunk>serializer().serialize("t", chunk);
    f.rawGenerations.pipeInput(key, bytes);
    TestRecord<byte[], byte[]> dead = f.deadLetters.readRecord();
    assertThat(dead.value()).isEqualTo(bytes);
    assertThat(header(dead, DeadLetterHandler.REASON_HEADER)).isEqualTo(reason.name());
    assertThat(header(dead, DeadLetterHandler.TOPIC_HEADER)).isEqualTo(f.topics.generations());
    assertThat(header(dead, DeadLetterHandler.OFFSET_HEADER)).isNotNull();
    assertThat(header(dead, DeadLetterHandler.MESSAGE_HEADER)).contains(reason.name());
    assertThat(f.deadLetters.isEmpty()).isTrue();
  }

  private static void assertStreamStillRuns(TopologyFixture f) {
    f.send("ok", "s", 1, FinishReason.STOP, 50, SEP);
    f.drain();
    assertThat(f.rewards.readValuesToList()).extracting(r -> r.getGroupId()).contains("ok");
  }

  @Test
  void shouldSkipUndecodableFrameAndKeepRunning() {
    // The built-in deserialization handler writes such frames to the DLQ on a real broker
    // (DeadLetterIT); the test driver does not route deserialization DLQ records, so here we
    // check that the frame is skipped without output and the stream goes on.
    try (TopologyFixture f = new TopologyFixture()) {
      byte[] garbage = {7, 0, 0, 0, 42, (byte) 0xff, (byte) 0xff, (byte) 0xff};
      f.rawGenerations.pipeInput("g", garbage);

      assertThat(f.stepScores.isEmpty()).isTrue();
      assertThat(f.rewards.isEmpty()).isTrue();
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldFailTheStreamThreadRatherThanSkipValidInputWhenTheRegistryIsDown() {
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of(
                "schema.registry.url", "http://127.0.0.1:1",
                "schema.registry.retries", 0,
                "schema.registry.request.timeout.ms", 200))) {
      byte[] valid =
          TestSerdes.<GenerationChunk>serializer()
              .serialize("t", f.chunk("g", "s", 0, 1, FinishReason.STOP, 50, SEP));

      assertThatThrownBy(() -> f.rawGenerations.pipeInput("g", valid))
          .satisfies(
              e ->
                  assertThat(e)
                      .hasStackTraceContaining("SchemaRegistryUnavailableException")
                      .hasStackTraceContaining("Deserialization exception handler is set to fail"));
      assertThat(f.metricTotal("dropped-records-total")).isZero();
    }
  }

  @Test
  void shouldDeadLetterChunksWithEmptyIdsOrWrongKey() {
    try (TopologyFixture f = new TopologyFixture()) {
      assertDeadLettered(f, "g", f.chunk("g", "", 0, 1, null, 5), Reason.EMPTY_ID);
      assertDeadLettered(f, "other", f.chunk("g", "s", 0, 1, null, 5), Reason.KEY_MISMATCH);
      assertDeadLettered(f, null, f.chunk("g", "s", 0, 1, null, 5), Reason.KEY_MISMATCH);
      assertDeadLettered(f, "g", f.chunk("g", "s", -1, 1, null, 5), Reason.BAD_CHUNK_INDEX);
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldDeadLetterAMemberStartingInAGroupThatAlreadyGotItsReward() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, FinishReason.STOP, 50, SEP);
      f.drain();
      assertThat(f.groupRewards.readValuesToList()).hasSize(1);

      assertDeadLettered(f, "g", f.chunk("g", "t", 0, 1, null, 5), Reason.ENDED_GROUP);
      assertThat(f.groupRewards.isEmpty()).isTrue();
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldDeadLetterTokenOutsideVocabularyAndOversizedChunk() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CHUNK_MAX_TOKENS_CONFIG, 4))) {
      assertDeadLettered(
          f,
          "g",
          f.chunk("g", "s", 0, 1, null, 5, FakeRewardModel.VOCAB),
          Reason.TOKEN_OUT_OF_VOCABULARY);
      assertDeadLettered(
          f, "g", f.chunk("g", "s", 0, 1, null, 5, 5, 5, 5, 5), Reason.CHUNK_TOO_LARGE);
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldDeadLetterAChunkWithTooMuchTextOrTooLongAPrompt() {
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of(
                RewardStreamConfig.CHUNK_MAX_TEXT_CHARS_CONFIG, 10,
                RewardStreamConfig.CHUNK_MAX_PROMPT_TOKENS_CONFIG, 3))) {
      GenerationChunk wordy = f.chunk("g", "s", 0, 1, null, 5);
      wordy.setText("x".repeat(11));
      GenerationChunk longPrompt = f.chunk("g", "t", 0, 1, null, 5);
      longPrompt.setPrompt(new Prompt("q", List.of(1, 2, 3, 4)));

      assertDeadLettered(f, "g", wordy, Reason.CHUNK_TOO_LARGE);
      assertDeadLettered(f, "g", longPrompt, Reason.CHUNK_TOO_LARGE);
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldDeadLetterAChunkThatWouldHoldMoreThanTheStatesBudgetBehindAGap() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 40, 41);
      String text = "x".repeat(60_000); // about 180 kB held per chunk
      GenerationChunk first = f.chunk("g", "s", 2, 1, null, 42);
      first.setText(text);
      f.generations.pipeInput("g", first);
      GenerationChunk second = f.chunk("g", "s", 3, 1, null, 43);
      second.setText(text);

      assertDeadLettered(f, "g", second, Reason.CHUNK_GAP);
    }
  }

  @Test
  void shouldDeadLetterAnOverlongPolicyVersion() {
    try (TopologyFixture f = new TopologyFixture()) {
      GenerationChunk chunk = f.chunk("g", "s", 0, 1, null, 5);
      chunk.setPolicyVersion("v".repeat(ChunkValidator.MAX_POLICY_VERSION_CHARS + 1));

      assertDeadLettered(f, "g", chunk, Reason.POLICY_VERSION_TOO_LONG);
      assertStreamStillRuns(f);
    }
  }

  @Test
  void shouldHoldAChunkWithALongTextBehindAGapAndScoreItWhenTheGapCloses() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "s", 1, 40, 41);
      GenerationChunk ahead = f.chunk("g", "s", 2, 1, FinishReason.STOP, 42, SEP);
      ahead.setText("\u00e9".repeat(40_000)); // 80,000 bytes of UTF-8, past modified UTF-8's limit
      f.generations.pipeInput("g", ahead);
      f.generations.pipeInput("g", f.chunk("g", "s", 1, 1, null, 43));
      f.drain();

      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(f.rewards.readValuesToList())
          .singleElement()
          .satisfies(r -> assertThat(r.getStatus()).isEqualTo(SequenceStatus.COMPLETED));
    }
  }

  @Test
  void shouldDeadLetterChunksForUnknownOrEndedSequences() {
    try (TopologyFixture f = new TopologyFixture()) {
      assertDeadLettered(f, "g", f.chunk("g", "s", 3, 1, null, 5), Reason.UNKNOWN_SEQUENCE);
      f.send("g", "s", 2, FinishReason.STOP, 50, SEP);
      f.drain();
      assertDeadLettered(f, "g", f.chunk("g", "s", 1, 2, null, 5), Reason.ENDED_SEQUENCE);
    }
  }

  @Test
  void shouldDeadLetterGroupSizeDisagreementAndExcess() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.send("g", "a", 2, 50);
      assertDeadLettered(f, "g", f.chunk("g", "b", 0, 3, null, 5), Reason.GROUP_SIZE_MISMATCH);
      f.send("g", "b", 2, 50);
      assertDeadLettered(f, "g", f.chunk("g", "c", 0, 2, null, 5), Reason.GROUP_SIZE_EXCEEDED);
      GenerationChunk missing = f.chunk("h", "a", 0, 2, null, 5);
      missing.setGroupSize(null);
      assertDeadLettered(f, "h", missing, Reason.MISSING_GROUP_SIZE);
    }
  }

  @Test
  void shouldDeadLetterAGroupSizeOverTheLimit() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.GROUP_MAX_SIZE_CONFIG, 8))) {
      assertDeadLettered(f, "g", f.chunk("g", "s", 0, 9, null, 5), Reason.GROUP_SIZE_EXCEEDED);
      f.send("h", "s", 8, 5);
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDropDuplicateChunkIdempotently() {
    try (TopologyFixture f = new TopologyFixture()) {
      GenerationChunk first = f.chunk("g", "s", 0, 1, null, 50, SEP);
      f.generations.pipeInput("g", first);
      f.generations.pipeInput("g", first);
      f.drain();

      assertThat(f.stepScores.readValuesToList()).hasSize(1);
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldBufferChunksAcrossAGapUntilItFills() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.generations.pipeInput("g", f.chunk("g", "s", 0, 1, null, 40));
      f.generations.pipeInput("g", f.chunk("g", "s", 2, 1, FinishReason.STOP, 70, SEP));
      f.drain();
      assertThat(f.stepScores.isEmpty()).isTrue();

      f.generations.pipeInput("g", f.chunk("g", "s", 1, 1, null, SEP));
      f.drain();
      f.drain();

      assertThat(f.stepScores.readValuesToList()).hasSize(2);
      assertThat(f.rewards.readValue().getTokensGenerated()).isEqualTo(4);
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDeadLetterGapBeyondBufferOrWhenConfigured() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CHUNK_MAX_BUFFERED_CONFIG, 1))) {
      f.generations.pipeInput("g", f.chunk("g", "s", 0, 1, null, 40));
      f.generations.pipeInput("g", f.chunk("g", "s", 2, 1, null, 40));
      assertDeadLettered(f, "g", f.chunk("g", "s", 3, 1, null, 5), Reason.CHUNK_GAP);
    }
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CHUNK_GAP_POLICY_CONFIG, "dead-letter"))) {
      f.generations.pipeInput("g", f.chunk("g", "s", 0, 1, null, 40));
      assertDeadLettered(f, "g", f.chunk("g", "s", 2, 1, null, 5), Reason.CHUNK_GAP);
    }
  }

  @Test
  void shouldEndSequenceAndDeadLetterChunkPastContextWhenRejecting() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(RewardStreamConfig.CONTEXT_OVERFLOW_CONFIG, "reject"))) {
      f.send("g", "s", 1, 40, SEP);
      f.drain();
      int[] tooMany = new int[FakeRewardModel.MAX_CONTEXT];
      java.util.Arrays.fill(tooMany, 7);
      assertDeadLettered(f, "g", f.chunk("g", "s", 1, 1, null, tooMany), Reason.CONTEXT_OVERFLOW);
      assertThat(f.rewards.readValue().getStatus().name()).isEqualTo("TRUNCATED");
    }
  }

  @Test
  void shouldTruncateToModelContextByDefault() {
    try (TopologyFixture f = new TopologyFixture()) {
      int[] longStep = new int[FakeRewardModel.MAX_CONTEXT * 2];
      java.util.Arrays.fill(longStep, 7);
      longStep[longStep.length - 2] = 60;
      longStep[longStep.length - 1] = SEP;
      f.send("g", "s", 1, FinishReason.STOP, longStep);
      f.drain();

      List<Integer> lengths = List.of(f.model.batchSizes.size());
      assertThat(lengths).containsExactly(1);
      assertThat(f.stepScores.readValue().getReward()).isEqualTo(0.60);
      assertThat(f.rewards.readValue().getTokensGenerated()).isEqualTo(longStep.length);
      assertThat(f.deadLetters.isEmpty()).isTrue();
    }
  }
}
