package io.rewardstream.app;

/**
 * A start-up problem the user must fix (bad configuration, a missing topic or model, an unreachable
 * broker or registry). The message says what was expected and what was found; the command prints it
 * and exits with {@link ExitCodes#STARTUP}.
 */
public class StartupException extends RuntimeException {

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem described as "what was expected, what was found". */
  public static StartupException expected(String what, String expected, String found) {
    return new StartupException(what + ": expected " + expected + ", found " + found);
  }
}
