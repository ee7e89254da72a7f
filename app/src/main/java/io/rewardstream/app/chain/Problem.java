package io.rewardstream.app.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain-arithmetic problem: a start value and operations, with the true value after each one.
 * Candidate solutions ({@link Chain}) display a result per operation, right or wrong.
 */
public record Problem(int start, List<Step> operations, List<Integer> values) {

  /** One operation of the problem: {@code add 5}, {@code subtract 3}. */
  public record Step(Operation operation, int operand) {}

  public Problem {
    operations = List.copyOf(operations);
    values = List.copyOf(values);
    if (operations.size() != values.size() || operations.isEmpty()) {
      throw new IllegalArgumentException("one true value per operation is needed");
    }
  }

  /** {@code Start with 12. Then: add 5, subtract 3.} */
  public String text() {
    StringBuilder text = new StringBuilder("Start with ").append(start).append(". Then: ");
    for (int i = 0; i < operations.size(); i++) {
      Step op = operations.get(i);
      text.append(i == 0 ? "" : ", ").append(op.operation().word()).append(' ');
      text.append(op.operand());
    }
    return text.append('.').toString();
  }

  /** The true answer: the value after the last operation. */
  public int answer() {
    return values.get(values.size() - 1);
  }

  public int length() {
    return operations.size();
  }

  /** The all-correct solution. */
  public Chain solved() {
    return new Chain(this, values, -1);
  }

  /**
   * A solution whose displayed values are the true values plus {@code offsets[i]} after step i (a
   * wrong step shifts all later values, which carry on from it).
   */
  public Chain withOffsets(int[] offsets) {
    List<Integer> shown = new ArrayList<>(values.size());
    int firstError = -1;
    for (int i = 0; i < values.size(); i++) {
      int previousOffset = i == 0 ? 0 : offsets[i - 1];
      if (firstError < 0 && offsets[i] != previousOffset) {
        firstError = i;
      }
      shown.add(values.get(i) + offsets[i]);
    }
    return new Chain(this, shown, firstError);
  }
}
