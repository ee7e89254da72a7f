package io.rewardstream.app.runtime;

import io.rewardstream.serde.SchemaRegistryUnavailableException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies, chosen rather than defaulted.
 *
 * <p>A transient failure (a {@link RetriableException} such as a Kafka timeout, or a schema
 * registry that did not answer, anywhere in the cause chain) replaces the thread: its tasks resume
 * from the last commit, and the exactly-once guarantee and the scoring work derived from persisted
 * state make that safe. At most {@code maxReplacements} replacements are made in any {@link
 * #WINDOW_MS} window; past that, the failure is not transient after all. Anything else (a reward
 * model that throws, ONNX Runtime out of memory, a bug) shuts this instance down ({@code
 * SHUTDOWN_CLIENT}), so it exits non-zero and its supervisor restarts it, while the other instances
 * of the application take its partitions over; a broken model on one host should not stop the whole
 * application, which {@code SHUTDOWN_APPLICATION} would.
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
  /** Replacements are counted over this sliding window. */
  public static final long WINDOW_MS = 10 * 60_000L;

  private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

  private final int maxReplacements;
  private final LongSupplier clock;
  private final Deque<Long> replacements = new ArrayDeque<>();
  private volatile Throwable fatal;

  public ThreadFailurePolicy(int maxReplacements) {
    this(maxReplacements, System::currentTimeMillis);
  }

  ThreadFailurePolicy(int maxReplacements, LongSupplier clock) {
    this.maxReplacements = maxReplacements;
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    long now = clock.getAsLong();
    while (!replacements.isEmpty() && now - replacements.peekFirst() >= WINDOW_MS) {
      replacements.pollFirst();
    }
    if (isTransient(exception) && replacements.size() < maxReplacements) {
      replacements.addLast(now);
      LOG.warn(
          "Stream thread failed with a transient error; replacing it ({} of {} in {} min)",
          replacements.size(),
          maxReplacements,
          WINDOW_MS / 60_000,
          exception);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    fatal = exception;
    LOG.error(
        "Stream thread failed{}; shutting this instance down",
        isTransient(exception) ? " again (replacement budget spent)" : "",
        exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** The failure that shut the instance down, or null. */
  public Throwable fatalFailure() {
    return fatal;
  }

  /** Whether {@code exception} or one of its causes is a retriable Kafka error. */
  static boolean isTransient(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof RetriableException || t instanceof SchemaRegistryUnavailableException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
