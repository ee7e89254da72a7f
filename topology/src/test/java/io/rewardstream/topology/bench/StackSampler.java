package io.rewardstream.topology.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A wall-clock sampler of the stream threads (diagnostics for {@code bench.debug}): every few
 * milliseconds it reads their stacks and counts what each was doing, by the Kafka Streams phase
 * (poll, process, punctuate, commit) and the innermost frame of interest.
 */
final class StackSampler implements AutoCloseable {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  StackSampler() {
    thread = new Thread(this::loop, "stack-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    while (running) {
      for (ThreadInfo info : mx.dumpAllThreads(false, false, 60)) {
        if (info.getThreadName().contains("StreamThread-")
            && !info.getThreadName().contains("producer")) {
          counts.computeIfAbsent(label(info.getStackTrace()), k -> new LongAdder()).increment();
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String label(StackTraceElement[] stack) {
    String phase = "other";
    String inner = stack.length > 0 ? frame(stack[0]) : "?";
    for (StackTraceElement e : stack) {
      String m = e.getMethodName();
      String c = e.getClassName();
      if (c.endsWith("StreamThread") && m.equals("maybeCommit")) {
        phase = "commit";
      } else if (c.endsWith("TaskManager") && m.equals("punctuate")) {
        phase = "punctuate";
      } else if (c.endsWith("TaskManager") && m.equals("process")) {
        phase = "process";
      } else if (c.endsWith("StreamThread") && m.equals("pollPhase")) {
        phase = "poll";
      }
    }
    for (StackTraceElement e : stack) {
      if (e.getClassName().startsWith("io.rewardstream")
          || e.getClassName().contains("KafkaProducer")
          || e.getClassName().contains("TransactionManager")
          || e.getClassName().contains("RocksDB")
          || e.getClassName().contains("ThreadCache")) {
        inner = frame(e);
        break;
      }
    }
    return phase + " | " + inner + " | " + (stack.length > 0 ? frame(stack[0]) : "?");
  }

  private static String frame(StackTraceElement e) {
    String c = e.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
  }

  /** The broker's request-time histograms for produce and end-transaction requests (JMX). */
  static void printBrokerRequestTimes() {
    try {
      javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      for (String request : new String[] {"Produce", "EndTxn", "TxnOffsetCommit", "Fetch"}) {
        StringBuilder line = new StringBuilder("DEBUG broker " + request + ":");
        for (String name :
            new String[] {
              "TotalTimeMs",
              "RequestQueueTimeMs",
              "LocalTimeMs",
              "RemoteTimeMs",
              "ResponseQueueTimeMs",
              "ResponseSendTimeMs"
            }) {
          javax.management.ObjectName object =
              new javax.management.ObjectName(
                  "kafka.network:type=RequestMetrics,name=" + name + ",request=" + request);
          if (server.isRegistered(object)) {
            line.append(
                String.format(
                    " %s mean %.1f p99 %.1f;",
                    name,
                    ((Number) server.getAttribute(object, "Mean")).doubleValue(),
                    ((Number) server.getAttribute(object, "99thPercentile")).doubleValue()));
          }
        }
        System.out.println(line);
      }
    } catch (javax.management.JMException e) {
      System.out.println("DEBUG broker request metrics unavailable: " + e);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    long total = counts.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.println("DEBUG stream thread samples: " + total + " (every ~5 ms)");
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .limit(25)
        .forEach(e -> System.out.println("DEBUG   " + e.getValue().sum() + " " + e.getKey()));
    printBrokerRequestTimes();
  }
}
