package io.rewardstream.app.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * A solution of a {@link Problem}: one displayed step per operation ({@code 12 - 3 = 9}), each
 * computed from the previous displayed value, with the ProcessBench label: the index of the first
 * wrong step, or -1 when every step is right.
 */
public record Chain(Problem problem, List<Integer> results, int firstError) {
  public static final String PREFIX = "";
  public static final String PROMPT_SUFFIX = "\n";
  public static final String STEP_SUFFIX = "\n";

  public Chain {
    results = List.copyOf(results);
    if (results.size() != problem.length()) {
      throw new IllegalArgumentException("one result per operation is needed");
    }
  }

  /** The displayed steps, {@code x op d = y}, x being the previous displayed result. */
  public List<String> steps() {
    List<String> steps = new ArrayList<>(results.size());
    int x = problem.start();
    for (int i = 0; i < results.size(); i++) {
      Problem.Step op = problem.operations().get(i);
      int y = results.get(i);
      steps.add(x + " " + op.operation().symbol() + " " + op.operand() + " = " + y);
      x = y;
    }
    return steps;
  }

  /** Per step: 1 when it and every step before it are right (ProcessBench), else 0. */
  public int[] stepLabels() {
    int[] labels = new int[results.size()];
    int end = firstError < 0 ? labels.length : firstError;
    for (int i = 0; i < end; i++) {
      labels[i] = 1;
    }
    return labels;
  }

  /** The displayed answer: the last step's result. */
  public int answer() {
    return results.get(results.size() - 1);
  }

  /** Whether the displayed answer is the true one (errors may cancel out). */
  public boolean answerCorrect() {
    return answer() == problem.answer();
  }

  /** The prompt as the model reads it: prefix, problem, prompt suffix. */
  public String promptText() {
    return PREFIX + problem.text() + PROMPT_SUFFIX;
  }

  /** The response as the model reads it: every step followed by the step suffix. */
  public String responseText() {
    StringBuilder text = new StringBuilder();
    for (String step : steps()) {
      text.append(step).append(STEP_SUFFIX);
    }
    return text.toString();
  }

  /** The ProcessBench record of this chain. */
  public ProcessBenchExample toProcessBench(String id) {
    return new ProcessBenchExample(id, problem.text(), steps(), firstError);
  }
}
