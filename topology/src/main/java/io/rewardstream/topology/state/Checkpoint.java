package io.rewardstream.topology.state;

/**
 * A position in a sequence at which siblings are compared: a step and an offset into it. Encoded in
 * one long so that checkpoints order lexicographically: every checkpoint of step s comes before
 * step s's end, which comes before any checkpoint of step s + 1.
 */
public final class Checkpoint {
  /** The offset value of a complete step's end. */
  public static final int STEP_END = Integer.MAX_VALUE;

  private Checkpoint() {}

  public static long of(int stepIndex, int offset) {
    return ((long) stepIndex << 32) | (offset & 0xffffffffL);
  }

  public static long stepEnd(int stepIndex) {
    return of(stepIndex, STEP_END);
  }

  public static int stepIndex(long checkpoint) {
    return (int) (checkpoint >>> 32);
  }

  /** Token offset inside the step, or {@link #STEP_END}. */
  public static int offset(long checkpoint) {
    return (int) checkpoint;
  }

  public static String describe(long checkpoint) {
    if (checkpoint < 0) {
      return "none";
    }
    int offset = offset(checkpoint);
    return "step " + stepIndex(checkpoint) + (offset == STEP_END ? " end" : " +" + offset);
  }
}
