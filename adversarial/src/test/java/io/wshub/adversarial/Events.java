package io.wshub.adversarial;

import io.wshub.core.HubListener;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the hub tells its listeners: every close with its code and reason, kept for the
 * assertions, or (for a server whose heap is measured) only counted by code.
 */
final class Events implements HubListener<Long> {

  /** One close the hub reported. */
  record Disconnect(long id, int code, String reason) {}

  final List<Disconnect> disconnects = new CopyOnWriteArrayList<>();
  final AtomicInteger connects = new AtomicInteger();
  /** Closes by code, kept either way. */
  final ConcurrentMap<Integer, LongAdder> closesByCode = new ConcurrentSkipListMap<>();
  private final ConcurrentMap<Long, BlockingQueue<Disconnect>> byId = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, BlockingQueue<Long>> connectsById = new ConcurrentHashMap<>();
  private final boolean keep;

  /** Events that are kept, for tests that wait on them. */
  Events() {
    this(true);
  }

  /**
   * @param keep whether to keep every event; a soak's server only counts them, or what it keeps
   *     would be what its heap grows by
   */
  Events(boolean keep) {
    this.keep = keep;
  }

  @Override
  public void onConnect(Long id) {
    connects.incrementAndGet();
    if (keep) {
      connectsById.computeIfAbsent(id, any -> new LinkedBlockingQueue<>()).add(id);
    }
  }

  @Override
  public void onDisconnect(Long id, int code, String reason) {
    closesByCode.computeIfAbsent(code, any -> new LongAdder()).increment();
    if (keep) {
      Disconnect disconnect = new Disconnect(id, code, reason);
      disconnects.add(disconnect);
      byId.computeIfAbsent(id, any -> new LinkedBlockingQueue<>()).add(disconnect);
    }
  }

  /** Waits until the hub has registered a (further) connection of {@code id}. */
  void awaitConnect(long id) {
    if (take(connectsById.computeIfAbsent(id, any -> new LinkedBlockingQueue<>())) == null) {
      throw new AssertionError("the hub did not register " + id + " within " + Wire.PATIENCE);
    }
  }

  /** Waits until the hub let go of a (further) connection of {@code id}. */
  Disconnect awaitDisconnect(long id) {
    Disconnect disconnect = take(byId.computeIfAbsent(id, any -> new LinkedBlockingQueue<>()));
    if (disconnect == null) {
      throw new AssertionError("the hub did not close " + id + " within " + Wire.PATIENCE);
    }
    return disconnect;
  }

  long count(int code) {
    return disconnects.stream().filter(d -> d.code() == code).count();
  }

  private static <T> T take(BlockingQueue<T> queue) {
    try {
      return queue.poll(Wire.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
