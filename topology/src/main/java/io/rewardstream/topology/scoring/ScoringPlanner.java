package io.rewardstream.topology.scoring;

import io.rewardstream.scorer.ScoreRequest;
import io.rewardstream.topology.state.IntBuffer;
import io.rewardstream.topology.state.SequenceState;
import io.rewardstream.topology.state.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Works out what a sequence still needs scored, from its persisted state alone: every complete step
 * whose end has not been scored, and the open step once it has grown past another multiple of tau.
 * Because the plan is derived from state rather than remembered, work lost in a crash is planned
 * again after the restart.
 *
 * <p>Requests are cut to the model's context: past it, the first {@code headTokens} tokens (the
 * prompt's head) and the most recent tokens are kept, one slot being left free for the separator
 * that readers append after a partial step. Each target is read from the window of its own prefix,
 * as the scorer's {@code keep-head-and-tail} does: targets whose prefix fits share a request, every
 * later one has a request of its own.
 *
 * <p>The same windows bound what a sequence keeps: once a sequence is longer than the context, the
 * tokens between the head and the window of the earliest step still to score are never read again,
 * and {@link #trim} drops them, so a long generation's state stays about the model's context
 * instead of growing (and being written) with every chunk.
 *
 * <p>Each request carries the sequence key as its cache key, so a model that caches past keys and
 * values feeds only the tokens added since the sequence's previous request.
 */
public final class ScoringPlanner {
  private final int tau;
  private final int maxContext;
  private final int headTokens;

  public ScoringPlanner(int tau, int maxContext, int headTokens) {
    this.tau = tau;
    this.maxContext = maxContext;
    this.headTokens = Math.min(headTokens, maxContext / 2);
  }

  /** The job that brings {@code state} up to date, or null when nothing is due. */
  public ScoringJob plan(SequenceState state, Queue<ScoredJob> inbox, long nowNanos) {
    List<Target> wanted = new ArrayList<>();
    List<Step> steps = state.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step.complete()) {
        if (!step.scored() || step.scoredEnd() < step.end()) {
          wanted.add(
              new Target(0, 0, i, step.end(), false, step.partialCheckpoints(), step.reachedAt()));
        }
      } else {
        int checkpoints = step.length() / tau;
        if (checkpoints > step.partialCheckpoints()) {
          wanted.add(new Target(0, 0, i, step.end(), true, checkpoints, step.reachedAt()));
        }
      }
    }
    if (wanted.isEmpty()) {
      return null;
    }
    return cut(state, wanted, inbox, nowNanos);
  }

  private ScoringJob cut(
      SequenceState state, List<Target> wanted, Queue<ScoredJob> inbox, long nowNanos) {
    int[] prompt = state.promptTokens();
    List<ScoreRequest> requests = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    int limit = maxContext - 1;
    int next = wanted.size() - 1;
    while (next >= 0) {
      // The latest remaining target sets the request's end. Past the context it is read alone,
      // from its own window: an earlier target in that window would see less of what came before
      // it than its own window keeps. Targets whose prefix fits all share one request.
      int total = prompt.length + wanted.get(next).responseEnd();
      boolean truncated = total > limit;
      int head = truncated ? headTokens : total;
      int tailStart = truncated ? total - (limit - head) : total;
      int first = truncated ? next : 0;
      int[] tokens = window(prompt, state, total, head, tailStart);
      int[] positions = new int[next - first + 1];
      int request = requests.size();
      for (int i = first; i <= next; i++) {
        Target target = wanted.get(i);
        int position = prompt.length + target.responseEnd();
        positions[i - first] = truncated ? head + (position - tailStart) : position;
        targets.add(
            new Target(
                request,
                i - first,
                target.stepIndex(),
                target.responseEnd(),
                target.partial(),
                target.checkpoints(),
                target.reachedAt()));
      }
      requests.add(new ScoreRequest(tokens, positions, state.key()));
      next = first - 1;
    }
    return new ScoringJob(state.key(), requests, targets, inbox, nowNanos, state.lastProducedAt());
  }

  /**
   * Drops the response tokens that no request of {@code state} can read any more: those after the
   * head and before the window of the earliest target still to score (an open step's targets all
   * end at or after the last token). Waits until a quarter of the window (at least 16 tokens) can
   * go at once, so that the kept tokens move seldom.
   */
  public void trim(SequenceState state) {
    int prompt = state.promptTokens().length;
    int earliest = state.tokenCount();
    for (Step step : state.steps()) {
      if (step.complete() && (!step.scored() || step.scoredEnd() < step.end())) {
        earliest = Math.min(earliest, step.end());
      }
    }
    int window = maxContext - 1 - headTokens;
    if (prompt + earliest <= maxContext - 1 || window <= 0) {
      return;
    }
    IntBuffer tokens = state.tokens();
    int headEnd = Math.max(0, headTokens - prompt);
    int from = tokens.gapLength() > 0 ? tokens.gapStart() : headEnd;
    int keptFrom = from + tokens.gapLength();
    int neededFrom = earliest - window;
    if (neededFrom - keptFrom >= Math.max(16, window / 4)) {
      tokens.drop(from, neededFrom);
    }
  }

  /** Tokens {@code [0, head)} and {@code [tailStart, total)} of prompt + response. */
  private static int[] window(
      int[] prompt, SequenceState state, int total, int head, int tailStart) {
    int[] tokens = new int[head + (total - tailStart)];
    copy(prompt, state, 0, head, tokens, 0);
    copy(prompt, state, tailStart, total, tokens, head);
    return tokens;
  }

  private static void copy(
      int[] prompt, SequenceState state, int from, int to, int[] target, int offset) {
    int promptPart = Math.max(0, Math.min(to, prompt.length) - from);
    if (promptPart > 0) {
      System.arraycopy(prompt, from, target, offset, promptPart);
    }
    int responseFrom = Math.max(from, prompt.length) - prompt.length;
    int responseTo = to - prompt.length;
    if (responseTo > responseFrom) {
      state.tokens().copyTo(responseFrom, responseTo, target, offset + Math.max(0, promptPart));
    }
  }
}
