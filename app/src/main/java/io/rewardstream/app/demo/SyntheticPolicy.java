package io.rewardstream.app.demo;

import io.rewardstream.app.chain.ChainVocabulary;
import io.rewardstream.avro.EarlyRejection;
import io.rewardstream.avro.FinishReason;
import io.rewardstream.avro.GenerationChunk;
import io.rewardstream.avro.Prompt;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for a generation server: it answers the demo's prompts with candidates streamed token
 * by token to the generations topic, a few tokens per chunk at a decoding pace, a few prompts at a
 * time. When a candidate's rejection arrives it stops generating it at once, as a vLLM worker
 * calling {@code abort_request} would, and sends a last, empty chunk with finish_reason ABORTED,
 * which closes the sequence in the topology.
 *
 * <p>One ticker thread owns every candidate's state; rejections come from the outcome listener's
 * thread through a queue.
 */
public final class SyntheticPolicy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticPolicy.class);
  private static final long TICK_MS = 2;

  public static final String POLICY_VERSION = "demo-policy-v1";

  private final Deque<GroupPlan> waiting;
  private final Producer<String, GenerationChunk> producer;
  private final String topic;
  private final DemoConfig config;
  private final Scoreboard board;
  private final Random random;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rewardstream-demo-policy");
            t.setDaemon(true);
            return t;
          });
  private final Queue<EarlyRejection> rejections = new ConcurrentLinkedQueue<>();
  private final Map<String, Candidate> byKey = new HashMap<>();
  private final List<Candidate> live = new ArrayList<>();
  private final Map<String, Integer> liveByGroup = new HashMap<>();
  private final CountDownLatch generated = new CountDownLatch(1);
  private long lastStartNanos = Long.MIN_VALUE / 2;

  /** One candidate being generated. */
  private static final class Candidate {
    final GroupPlan plan;
    final int index;
    final int[] tokens;
    final long nanosPerToken;
    int position;
    long chunkIndex;
    long dueNanos;
    EarlyRejection rejection;

    Candidate(GroupPlan plan, int index, long nanosPerToken, long dueNanos) {
      this.plan = plan;
      this.index = index;
      this.tokens = plan.responseTokens(index);
      this.nanosPerToken = nanosPerToken;
      this.dueNanos = dueNanos;
    }

    String sequenceId() {
      return GroupPlan.sequenceId(index);
    }
  }

  public SyntheticPolicy(
      List<GroupPlan> plans,
      Producer<String, GenerationChunk> producer,
      String topic,
      DemoConfig config,
      Scoreboard board) {
    this.waiting = new ArrayDeque<>(plans);
    this.producer = producer;
    this.topic = topic;
    this.config = config;
    this.board = board;
    this.random = new Random(config.seed() * 31 + 17);
  }

  /** Starts generating; no prompt starts after {@code demo.seconds} from now. */
  public void start() {
    deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.seconds());
    ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Called for every rejection read from the rejections topic: the candidate stops at the next tick
   * (within a few milliseconds).
   */
  public void onRejection(EarlyRejection rejection) {
    long received = System.currentTimeMillis();
    long source = rejection.getSourceProducedAt().toEpochMilli();
    board.rejectionReceived(rejection.getDecidedAt().toEpochMilli() - source, received - source);
    rejections.add(rejection);
  }

  /** Waits until every started prompt's candidates have all ended (finished or aborted). */
  public boolean awaitGenerated(long timeout, TimeUnit unit) throws InterruptedException {
    return generated.await(timeout, unit);
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      EarlyRejection r;
      while ((r = rejections.poll()) != null) {
        Candidate c = byKey.get(r.getGroupId() + "/" + r.getSequenceId());
        if (c != null && c.rejection == null) {
          c.rejection = r;
        }
      }
      if (liveByGroup.size() < config.groupsInFlight()
          && !waiting.isEmpty()
          && now < deadlineNanos
          && now - lastStartNanos >= TimeUnit.MILLISECONDS.toNanos(config.admitIntervalMs())) {
        lastStartNanos = now;
        startGroup(waiting.poll(), now);
      }
      for (Iterator<Candidate> it = live.iterator(); it.hasNext(); ) {
        Candidate c = it.next();
        boolean ended = c.rejection != null ? abort(c) : (c.dueNanos <= now && emit(c, now));
        if (ended) {
          it.remove();
          byKey.remove(c.plan.groupId() + "/" + c.sequenceId());
          liveByGroup.merge(c.plan.groupId(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
      }
      if (live.isEmpty() && (waiting.isEmpty() || now >= deadlineNanos)) {
        generated.countDown();
      }
    } catch (RuntimeException e) {
      LOG.error("The synthetic policy failed", e);
      generated.countDown();
      throw e;
    }
  }

  private void startGroup(GroupPlan plan, long now) {
    board.groupStarted(plan);
    liveByGroup.put(plan.groupId(), plan.size());
    double mean = 1e9 / config.tokensPerSecond();
    for (int i = 0; i < plan.size(); i++) {
      // Each candidate decodes at its own speed (within 25% of the mean) after a short prefill.
      long perToken = (long) (mean * (0.8 + 0.45 * random.nextDouble()));
      long prefill = TimeUnit.MILLISECONDS.toNanos(random.nextInt(40));
      Candidate c = new Candidate(plan, i, perToken, now + prefill);
      live.add(c);
      byKey.put(plan.groupId() + "/" + c.sequenceId(), c);
    }
  }

  /** Sends the candidate's next chunk; true when it was the last. */
  private boolean emit(Candidate c, long now) {
    int span = config.chunkTokensMin();
    span += random.nextInt(config.chunkTokensMax() - config.chunkTokensMin() + 1);
    int end = Math.min(c.tokens.length, c.position + span);
    int[] delta = Arrays.copyOfRange(c.tokens, c.position, end);
    boolean last = end == c.tokens.length;
    send(c, delta, last ? FinishReason.STOP : null);
    c.position = end;
    c.dueNanos = now + c.nanosPerToken * delta.length;
    if (last) {
      board.candidateFinished();
    }
    return last;
  }

  /** Stops a rejected candidate: one last, empty chunk that says ABORTED. */
  private boolean abort(Candidate c) {
    send(c, new int[0], FinishReason.ABORTED);
    board.candidateAborted(
        Math.max(0, c.position - c.rejection.getTokensGenerated()), c.tokens.length - c.position);
    return true;
  }

  private void send(Candidate c, int[] delta, FinishReason finish) {
    GenerationChunk.Builder chunk =
        GenerationChunk.newBuilder()
            .setGroupId(c.plan.groupId())
            .setSequenceId(c.sequenceId())
            .setChunkIndex(c.chunkIndex)
            .setTokenIds(Arrays.stream(delta).boxed().toList())
            .setText(ChainVocabulary.decode(delta))
            .setFinishReason(finish)
            .setProducedAt(Instant.now());
    if (c.chunkIndex == 0) {
      int[] prompt = c.plan.promptTokens();
      chunk
          .setGroupSize(c.plan.size())
          .setPolicyVersion(POLICY_VERSION)
          .setPrompt(
              Prompt.newBuilder()
                  .setText(ChainVocabulary.decode(prompt))
                  .setTokenIds(Arrays.stream(prompt).boxed().toList())
                  .build());
    }
    c.chunkIndex++;
    board.tokensSent(delta.length);
    producer.send(
        new ProducerRecord<>(topic, c.plan.groupId(), chunk.build()),
        (metadata, error) -> {
          if (error != null) {
            board.sendFailed();
            LOG.warn("Could not send a chunk of {}/{}", c.plan.groupId(), c.sequenceId(), error);
          }
        });
  }

  /** Stops the ticker; chunks already handed to the producer are flushed by its owner. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
