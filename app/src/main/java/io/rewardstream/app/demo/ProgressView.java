package io.rewardstream.app.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's live view: a progress bar over the prompts and the figures that matter, redrawn in
 * place on a terminal, or printed as a line every few seconds when the output is not one.
 */
public final class ProgressView {
  private static final int BAR = 24;
  private static final long PLAIN_INTERVAL_MS = 5_000;

  private final PrintStream out;
  private final boolean terminal;
  private final int groups;
  private long lastPlainMs;

  public ProgressView(PrintStream out, boolean terminal, int groups) {
    this.out = out;
    this.terminal = terminal;
    this.groups = groups;
  }

  /** Draws the current state (on a terminal every call; otherwise every few seconds). */
  public void draw(Scoreboard board) {
    long now = System.currentTimeMillis();
    if (!terminal && now - lastPlainMs < PLAIN_INTERVAL_MS) {
      return;
    }
    lastPlainMs = now;
    String line = line(board);
    if (terminal) {
      out.print("\r\033[2K" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the live line. */
  public void finish(Scoreboard board) {
    String line = line(board);
    out.print(
        terminal ? "\r\033[2K" + line + System.lineSeparator() : line + System.lineSeparator());
    out.flush();
  }

  String line(Scoreboard board) {
    int done = board.groupsRewarded();
    int filled = groups == 0 ? BAR : (int) Math.round((double) BAR * done / groups);
    String bar = "#".repeat(filled) + "-".repeat(BAR - filled);
    // Of the candidates started so far: the first to end are the rejected ones, so a share of the
    // ended ones would open at 100%.
    int started = board.candidatesLive() + board.candidatesFinished() + board.candidatesAborted();
    double rejection = started == 0 ? 0 : 100.0 * board.candidatesAborted() / started;
    long planned = board.tokensWithoutRejectionSoFar();
    double saved = planned == 0 ? 0 : 100.0 * (1 - (double) board.tokensGenerated() / planned);
    return String.format(
        Locale.ROOT,
        "[%s] groups %d/%d | live %3d | rejected %5.1f%% | tokens %,d of %,d (%4.1f%% saved)"
            + " | decision p50 %.0f ms p99 %.0f ms",
        bar,
        done,
        groups,
        board.candidatesLive(),
        rejection,
        board.tokensGenerated(),
        planned,
        saved,
        board.decisionLatency(0.5),
        board.decisionLatency(0.99));
  }
}
