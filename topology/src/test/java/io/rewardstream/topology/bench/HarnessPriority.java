package io.rewardstream.topology.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the scheduling priority of the calling benchmark thread (Linux nice value, per thread), so
 * that the generator and the readers, which stand in for processes on other machines, take the CPU
 * the system under test leaves. Threads the caller starts afterwards (a client's network or
 * heartbeat thread) inherit the value. Set with {@code bench.harnessNice} or the variant key {@code
 * harness.nice}; 0 (the default) leaves the priority alone.
 */
final class HarnessPriority {
  private HarnessPriority() {}

  /** Renices the calling thread by {@code nice}; a failure only prints a warning. */
  static void lowerCallingThread(int nice) {
    if (nice <= 0) {
      return;
    }
    try {
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (renice.waitFor() != 0) {
        System.err.println("renice of thread " + tid + " failed");
      }
    } catch (IOException e) {
      System.err.println("cannot renice " + Thread.currentThread().getName() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
