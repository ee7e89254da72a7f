package io.rewardstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Objects;

/**
 * Picks TCP ports on the loopback interface that are free at the time of the call.
 *
 * <p>The port is released before it is returned, so another process may take it in between; the
 * callers ({@link EmbeddedKafkaBroker}, {@link ApicurioRegistry}) retry with fresh ports when a
 * bind fails, unless a port they were given is the one taken.
 */
public final class FreePorts {

  private FreePorts() {}

  /** Returns a loopback port that nothing listened on a moment ago. */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    }
  }

  /** Returns {@code port} when it is positive, otherwise a freshly picked free port. */
  static int orPick(int port) {
    return port > 0 ? port : pick();
  }

  /** Whether a positive {@code port} is taken on the loopback interface (0 and below: never). */
  static boolean taken(int port) {
    if (port <= 0) {
      return false;
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Whether {@code error} or one of its causes says that a port was already taken. */
  static boolean isBindFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || Objects.toString(t.getMessage(), "").contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
