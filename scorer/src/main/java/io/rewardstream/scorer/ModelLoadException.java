package io.rewardstream.scorer;

/**
 * A reward model cannot be served: its folder, manifest or graph is missing or malformed, the graph
 * does not match the manifest, or the requested device cannot be used. Raised at start-up only; the
 * message says what was expected and what was found, so the application can print it and exit
 * non-zero.
 */
public class ModelLoadException extends RuntimeException {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
