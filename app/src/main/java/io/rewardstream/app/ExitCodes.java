package io.rewardstream.app;

/** The command's exit codes. */
public final class ExitCodes {
  /** Finished, or shut down gracefully on SIGTERM / Ctrl-C. */
  public static final int OK = 0;

  /** The stream failed while running (the uncaught-exception policy shut the instance down). */
  public static final int FAILED = 1;

  /** Bad command line, bad configuration, or another start-up problem. */
  public static final int STARTUP = 2;

  private ExitCodes() {}
}
