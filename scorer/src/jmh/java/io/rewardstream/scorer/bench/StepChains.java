package io.rewardstream.scorer.bench;

import java.util.Random;

/** Random token sequences shaped like reasoning chains, for the scorer's reports. */
final class StepChains {
  private StepChains() {}

  /**
   * {@code count} sequences of {@code prompt + steps x stepTokens} random ids in {@code [1, vocab)}
   * other than {@code separator}, with a separator closing the prompt and each step; the same
   * {@code seed} gives the same sequences.
   */
  static int[][] random(
      int count, int prompt, int steps, int stepTokens, int vocab, int separator, long seed) {
    Random random = new Random(seed);
    int[][] tokens = new int[count][prompt + steps * stepTokens];
    for (int[] sequence : tokens) {
      for (int i = 0; i < sequence.length; i++) {
        int id;
        do {
          id = 1 + random.nextInt(vocab - 1);
        } while (id == separator);
        sequence[i] = id;
      }
      sequence[prompt - 1] = separator;
      for (int step = 1; step <= steps; step++) {
        sequence[prompt + step * stepTokens - 1] = separator;
      }
    }
    return tokens;
  }
}
