package io.rewardstream.serde;

/** Renders exceptions for error messages. */
final class Throwables {

  private Throwables() {}

  /**
   * Class and message of an exception and of each of its causes, e.g. {@code
   * HttpConnectTimeoutException: HTTP connect timed out <- ConnectException}; {@code java.net.http}
   * often leaves messages null, so the class names carry the meaning.
   */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.toString();
  }
}
