package io.rewardstream.topology.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the topology remembers about one candidate sequence, persisted in the changelogged
 * {@code sequences} store under the key {@code group_id/sequence_id}.
 *
 * <p>A sequence goes {@link Phase#ACTIVE} -> ({@link Phase#REJECTED} ->) {@link Phase#ENDED}. An
 * ended sequence keeps a small marker (no tokens) for {@code sequence.ttl-ms} so that late chunks
 * are recognised rather than taken for a new sequence.
 */
public final class SequenceState {

  /** Where the sequence is in its life. */
  public enum Phase {
    ACTIVE,
    /** Rejected; waiting for the generator's last chunk (or the ack timeout) to emit its reward. */
    REJECTED,
    ENDED
  }

  final String groupId;
  final String sequenceId;

  /**
   * The store key, made once: it is looked up in several maps per chunk, and one String instance
   * hashes once and compares by reference with itself.
   */
  private final String key;

  Phase phase = Phase.ACTIVE;
  String policyVersion;
  int[] promptTokens = new int[0];
  IntBuffer tokens = new IntBuffer();
  final List<Step> steps = new ArrayList<>();
  final List<PendingChunk> pending = new ArrayList<>();
  long nextChunkIndex;
  long startedAt;
  long lastProducedAt;
  long lastSeenWallMs;

  /** FinishReason ordinal received but not yet acted on (final score outstanding), or -1. */
  int finishReason = -1;

  /** SequenceStatus ordinal once ended, or -1. */
  int endStatus = -1;

  long phaseSinceWallMs;
  long ignoredTokens;
  long rejectedProducedAt;

  /**
   * The end of the response text seen so far that could begin a text step separator: what the next
   * chunk's text is read after, so that a separator split across two chunks is found.
   */
  String textTail = "";

  public SequenceState(String groupId, String sequenceId) {
    this.groupId = groupId;
    this.sequenceId = sequenceId;
    this.key = key(groupId, sequenceId);
  }

  /** The store key of a sequence. */
  public static String key(String groupId, String sequenceId) {
    return groupId + '/' + sequenceId;
  }

  public String key() {
    return key;
  }

  public String groupId() {
    return groupId;
  }

  public String sequenceId() {
    return sequenceId;
  }

  public Phase phase() {
    return phase;
  }

  public String policyVersion() {
    return policyVersion;
  }

  public void policyVersion(String value) {
    this.policyVersion = value;
  }

  public int[] promptTokens() {
    return promptTokens;
  }

  public void promptTokens(int[] value) {
    this.promptTokens = value == null ? new int[0] : value;
  }

  public IntBuffer tokens() {
    return tokens;
  }

  public int tokenCount() {
    return tokens.size();
  }

  public List<Step> steps() {
    return steps;
  }

  public List<PendingChunk> pending() {
    return pending;
  }

  public long nextChunkIndex() {
    return nextChunkIndex;
  }

  public void nextChunkIndex(long value) {
    this.nextChunkIndex = value;
  }

  public long startedAt() {
    return startedAt;
  }

  public void startedAt(long value) {
    this.startedAt = value;
  }

  public long lastProducedAt() {
    return lastProducedAt;
  }

  public void lastProducedAt(long value) {
    this.lastProducedAt = value;
  }

  public long lastSeenWallMs() {
    return lastSeenWallMs;
  }

  public void lastSeenWallMs(long value) {
    this.lastSeenWallMs = value;
  }

  public int finishReason() {
    return finishReason;
  }

  public void finishReason(int ordinal) {
    this.finishReason = ordinal;
  }

  public int endStatus() {
    return endStatus;
  }

  public long phaseSinceWallMs() {
    return phaseSinceWallMs;
  }

  public long ignoredTokens() {
    return ignoredTokens;
  }

  public void addIgnoredTokens(long count) {
    ignoredTokens += count;
  }

  public long rejectedProducedAt() {
    return rejectedProducedAt;
  }

  /**
   * Reads a chunk's text for the text step separator: returns whether a separator ends in it,
   * counting one that began in the previous chunk's text and not counting one twice.
   */
  public boolean endsStepInText(String text, String separator) {
    String seen = textTail + text;
    int end = -1;
    for (int at = seen.indexOf(separator); at >= 0; at = seen.indexOf(separator, end)) {
      end = at + separator.length();
    }
    textTail = seen.substring(Math.max(Math.max(end, 0), seen.length() - separator.length() + 1));
    return end >= 0;
  }

  /** The step being written: the last step if it is still open, else a new one. */
  public Step openStep() {
    if (steps.isEmpty() || steps.get(steps.size() - 1).complete) {
      steps.add(new Step(tokens.size()));
    }
    return steps.get(steps.size() - 1);
  }

  /** Appends one response token to the open step; closes the step when it is a separator. */
  public void appendToken(int tokenId, boolean separator) {
    Step step = openStep();
    tokens.add(tokenId);
    step.end = tokens.size();
    if (separator) {
      step.complete = true;
    }
  }

  /** Marks the last step complete, as when the sequence finishes without a trailing separator. */
  public void closeLastStep() {
    if (!steps.isEmpty()) {
      Step last = steps.get(steps.size() - 1);
      if (last.length() > 0) {
        last.complete = true;
      } else {
        steps.remove(steps.size() - 1);
      }
    }
  }

  /**
   * The produced_at of the chunk that brought the sequence to its latest scored point, or of its
   * newest chunk when that is not known.
   */
  public long lastScoredReachedAt() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step step = steps.get(i);
      if (step.scored()) {
        return step.scoredReachedAt() >= 0 ? step.scoredReachedAt() : lastProducedAt;
      }
    }
    return lastProducedAt;
  }

  /** Moves to REJECTED at wall-clock time {@code nowMs}. */
  public void reject(long nowMs, long producedAt) {
    phase = Phase.REJECTED;
    phaseSinceWallMs = nowMs;
    rejectedProducedAt = producedAt;
  }

  /**
   * Ends the sequence with status ordinal {@code status}, dropping tokens and steps: what stays is
   * the marker that recognises late chunks.
   */
  public void end(int status, long nowMs) {
    phase = Phase.ENDED;
    endStatus = status;
    phaseSinceWallMs = nowMs;
    tokens = new IntBuffer(4);
    textTail = "";
    promptTokens = new int[0];
    steps.clear();
    pending.clear();
  }
}
