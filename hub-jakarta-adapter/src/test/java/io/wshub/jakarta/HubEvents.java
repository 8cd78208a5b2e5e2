package io.wshub.jakarta;

import io.wshub.core.HubListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the hub reports, as queues a test waits on (never by sleeping). */
public final class HubEvents implements HubListener<Long> {

  private final ConcurrentMap<Long, BlockingQueue<Long>> connects = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, BlockingQueue<Integer>> disconnects = new ConcurrentHashMap<>();
  final BlockingQueue<Integer> allDisconnects = new LinkedBlockingQueue<>();

  @Override
  public void onConnect(Long id) {
    queue(connects, id).add(id);
  }

  @Override
  public void onDisconnect(Long id, int code, String reason) {
    queue(disconnects, id).add(code);
    allDisconnects.add(code);
  }

  /** Waits until the hub has registered a (further) connection of {@code id}. */
  public void awaitConnect(long id) {
    if (take(queue(connects, id)) == null) {
      throw new AssertionError("the hub did not register client " + id + " within " + WsClient.PATIENCE);
    }
  }

  /** Waits until the hub has let go of a connection of {@code id}, and returns its close code. */
  public int awaitDisconnect(long id) {
    Integer code = take(queue(disconnects, id));
    if (code == null) {
      throw new AssertionError("the hub did not close client " + id + " within " + WsClient.PATIENCE);
    }
    return code;
  }

  public int awaitAnyDisconnect() {
    Integer code = take(allDisconnects);
    if (code == null) {
      throw new AssertionError("no disconnect within " + WsClient.PATIENCE);
    }
    return code;
  }

  private static <T> BlockingQueue<T> queue(ConcurrentMap<Long, BlockingQueue<T>> queues, long id) {
    return queues.computeIfAbsent(id, any -> new LinkedBlockingQueue<>());
  }

  private static <T> T take(BlockingQueue<T> queue) {
    try {
      return queue.poll(WsClient.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
