package io.rewardstream.scorer.onnx;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Lends {@link BatchBuffers} to concurrent scoring calls: each call borrows one set and returns it,
 * so the direct buffers are reused without being shared between threads. The pool grows to the
 * number of threads that score at once.
 */
final class BufferPool {

  private final ConcurrentLinkedDeque<BatchBuffers> idle = new ConcurrentLinkedDeque<>();

  BatchBuffers borrow() {
    BatchBuffers buffers = idle.pollFirst();
    return buffers != null ? buffers : new BatchBuffers();
  }

  void release(BatchBuffers buffers) {
    idle.offerFirst(buffers);
  }
}
