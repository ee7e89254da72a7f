package io.rewardstream.topology.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time per group of threads of this process, read from {@code /proc/self/task} (Linux), so the
 * benchmark can say where the cores went during a measured window: the model, the stream threads,
 * the embedded broker, the JIT compiler, the garbage collector.
 */
final class ThreadCpu {
  private static final double TICKS_PER_SECOND = 100.0;
  private static final double NANOS_PER_SECOND = 1e9;

  /** A child process whose CPU counts as the broker's (the broker in a JVM of its own). */
  private static volatile long brokerPid = -1;

  private ThreadCpu() {}

  /** Counts the CPU of process {@code pid} as the broker's from now on. */
  static void brokerProcess(long pid) {
    brokerPid = pid;
  }

  /** Seconds of CPU per thread id, with the thread's name (and the broker process, if any). */
  static Map<String, Double> snapshot() {
    Map<String, Double> byThread = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> read(task, task.getFileName().toString(), null, byThread));
    } catch (IOException e) {
      return Map.of();
    }
    if (brokerPid > 0) {
      read(Path.of("/proc/" + brokerPid), Long.toString(brokerPid), "broker-process", byThread);
    }
    return byThread;
  }

  /**
   * Seconds each thread of this process has spent runnable but waiting for a core (the run-queue
   * delay in {@code /proc/self/task/<id>/schedstat}), keyed as in {@link #snapshot()}: how much the
   * threads were held back by sharing the cores, not by waiting for work.
   */
  static Map<String, Double> runQueueSnapshot() {
    Map<String, Double> byThread = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
              byThread.put(
                  task.getFileName() + " " + comm, Long.parseLong(sched[1]) / NANOS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
              // it ended while being read
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return byThread;
  }

  /**
   * Puts the user and system CPU seconds of a thread or process, from its {@code stat}, under
   * {@code "<id> <name>"}; {@code name} null takes the name from the file. Nothing when it has
   * ended.
   */
  private static void read(Path task, String id, String name, Map<String, Double> into) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      into.put(id + " " + (name == null ? comm : name), seconds);
    } catch (IOException | RuntimeException e) {
      // it ended while being read
    }
  }

  /**
   * Waits (at most {@code maxMillis}) until the JIT compiler threads are nearly idle, so that
   * compilations set off by the benchmark's own set-up do not run inside a measured window.
   */
  static void awaitQuietJit(long maxMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxMillis;
    double last = jitSeconds(snapshot());
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      double now = jitSeconds(snapshot());
      if (now - last < 0.02) {
        return;
      }
      last = now;
    }
  }

  /** CPU seconds of the JIT compiler threads in a {@link #snapshot()}. */
  static double jitSeconds(Map<String, Double> threads) {
    double seconds = 0;
    for (Map.Entry<String, Double> e : threads.entrySet()) {
      if (group(e.getKey().substring(e.getKey().indexOf(' ') + 1)).equals("jit")) {
        seconds += e.getValue();
      }
    }
    return seconds;
  }

  /** CPU seconds per thread group between two snapshots, largest first. */
  static String between(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> groups = new TreeMap<>();
    after.forEach(
        (thread, seconds) -> {
          double used = seconds - before.getOrDefault(thread, 0.0);
          if (used > 0) {
            groups.merge(group(thread.substring(thread.indexOf(' ') + 1)), used, Double::sum);
          }
        });
    StringBuilder text = new StringBuilder();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> text.append(String.format("%s %.2f s, ", e.getKey(), e.getValue())));
    return text.length() == 0 ? "" : text.substring(0, text.length() - 2);
  }

  /** Linux keeps 15 characters of a thread name; these prefixes tell the groups apart. */
  private static String group(String name) {
    if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
      return "jit";
    }
    if (name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "gc";
    }
    if (name.startsWith("rewardstream-sc")) {
      return "model";
    }
    if (name.startsWith("rewardstream-it") || name.startsWith("kafka-producer")) {
      return "streams";
    }
    if (name.equals("broker-process")
        || name.startsWith("data-plane")
        || name.startsWith("kafka-")
        || name.contains("Txn")
        || name.startsWith("group-coord")
        || name.startsWith("quorum")
        || name.startsWith("raft")) {
      return "broker";
    }
    return "other";
  }
}
