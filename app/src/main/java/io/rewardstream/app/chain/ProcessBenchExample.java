package io.rewardstream.app.chain;

import java.util.List;

/**
 * One line of ProcessBench-format JSONL: {@code {"id", "problem", "steps": [...], "label"}}, the
 * label being the index of the first wrong step or -1.
 */
public record ProcessBenchExample(String id, String problem, List<String> steps, int label) {
  public ProcessBenchExample {
    steps = List.copyOf(steps);
  }
}
