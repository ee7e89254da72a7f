package io.rewardstream.topology.bench;

import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.topology.StreamsHarnessAccess;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the rejections topic on its own thread, at one isolation level, and hands each rejection on
 * with the wall-clock moment it was seen, as a generator's abort listener would see it.
 */
final class RejectionReader implements AutoCloseable {
  private final Thread thread;
  private final CountDownLatch assigned = new CountDownLatch(1);
  private volatile boolean running = true;

  /** A reader whose thread runs at nice value {@code nice} (see {@link HarnessPriority}). */
  RejectionReader(StreamsHarnessAccess harness, String isolation, int nice, Consumer<Seen> sink) {
    thread =
        new Thread(
            () -> {
              HarnessPriority.lowerCallingThread(nice);
              try (KafkaConsumer<String, EarlyRejection> consumer =
                  harness.consumer(
                      harness.topics().rejections(), EarlyRejection.class, isolation)) {
                while (running) {
                  for (ConsumerRecord<String, EarlyRejection> r :
                      consumer.poll(Duration.ofMillis(50))) {
                    sink.accept(new Seen(r.value(), System.currentTimeMillis()));
                  }
                  if (!consumer.assignment().isEmpty()) {
                    assigned.countDown();
                  }
                }
              }
            },
            "rejections-" + isolation);
    thread.start();
  }

  /** Waits until the consumer has its partitions, so that no rejection is seen late by joining. */
  void awaitAssignment() throws InterruptedException {
    if (!assigned.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(thread.getName() + " got no partitions in 60 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }

  /** A rejection and the moment it was read. */
  record Seen(EarlyRejection event, long atMillis) {
    long sourceProducedAt() {
      return event.getSourceProducedAt().toEpochMilli();
    }
  }
}
