package io.rewardstream.app.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws chain-arithmetic problems and solutions as {@code models/demo-prm/chainarith.py} does, from
 * a seeded {@link Random}: the same format and distribution, not the same random stream as
 * Python's.
 *
 * <p>A problem's start value is uniform in the domain; each operation is uniform among the {@code
 * add d} / {@code subtract d} (d in 1..9) that keep the true value in the domain. An erroneous
 * solution has one wrong step, off by one of +-1, +-2, +-3, +-10 (chosen among the offsets that
 * keep every later displayed value in the domain), and its later steps carry on from it.
 */
public final class ChainGenerator {
  private final Random random;
  private final ChainDomain domain;

  public ChainGenerator(long seed, ChainDomain domain) {
    this.random = new Random(seed);
    this.domain = domain;
  }

  public ChainDomain domain() {
    return domain;
  }

  /** A problem with a random number of operations. */
  public Problem problem() {
    return problem(domain.minOps() + random.nextInt(domain.maxOps() - domain.minOps() + 1));
  }

  /** A problem with {@code operations} operations. */
  public Problem problem(int operations) {
    int start = domain.valueMin() + random.nextInt(domain.valueMax() - domain.valueMin() + 1);
    List<Problem.Step> ops = new ArrayList<>(operations);
    List<Integer> values = new ArrayList<>(operations);
    int v = start;
    for (int i = 0; i < operations; i++) {
      List<Problem.Step> choices = new ArrayList<>(2 * ChainDomain.OPERAND_MAX);
      for (Operation op : Operation.values()) {
        for (int d = ChainDomain.OPERAND_MIN; d <= ChainDomain.OPERAND_MAX; d++) {
          if (domain.contains(op.apply(v, d))) {
            choices.add(new Problem.Step(op, d));
          }
        }
      }
      Problem.Step step = choices.get(random.nextInt(choices.size()));
      v = step.operation().apply(v, step.operand());
      ops.add(step);
      values.add(v);
    }
    return new Problem(start, ops, values);
  }

  /** A solution of a fresh problem: all right, or with exactly one wrong step. */
  public Chain chain(boolean erroneous) {
    Problem problem = problem();
    if (!erroneous) {
      return problem.solved();
    }
    int e = random.nextInt(problem.length());
    int offset = errorOffset(problem, e, 0);
    int[] offsets = new int[problem.length()];
    for (int i = e; i < offsets.length; i++) {
      offsets[i] = offset;
    }
    return problem.withOffsets(offsets);
  }

  /** {@code count} chains alternating erroneous and all-correct, erroneous first. */
  public List<Chain> balanced(int count) {
    List<Chain> chains = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      chains.add(chain(i % 2 == 0));
    }
    return chains;
  }

  /**
   * A solution of {@code problem} in which each step goes wrong with probability {@code errorRate};
   * a wrong step shifts its result and, since later steps carry on from it, every later one.
   * Several errors may occur (and, rarely, cancel out).
   */
  public Chain attempt(Problem problem, double errorRate) {
    int[] offsets = new int[problem.length()];
    int offset = 0;
    for (int i = 0; i < offsets.length; i++) {
      if (random.nextDouble() < errorRate) {
        offset += errorOffset(problem, i, offset);
      }
      offsets[i] = offset;
    }
    return problem.withOffsets(offsets);
  }

  /**
   * An offset for a wrong step {@code e} that keeps every displayed value from step e on in the
   * domain, given the offset {@code carried} from earlier errors; 0 when none fits.
   */
  private int errorOffset(Problem problem, int e, int carried) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = e; i < problem.length(); i++) {
      min = Math.min(min, problem.values().get(i) + carried);
      max = Math.max(max, problem.values().get(i) + carried);
    }
    List<Integer> fitting = new ArrayList<>(ChainDomain.ERROR_OFFSETS.length);
    for (int o : ChainDomain.ERROR_OFFSETS) {
      if (domain.contains(min + o) && domain.contains(max + o)) {
        fitting.add(o);
      }
    }
    return fitting.isEmpty() ? 0 : fitting.get(random.nextInt(fitting.size()));
  }
}
