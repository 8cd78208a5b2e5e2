package io.wshub.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * N clients of one scenario, numbered 0..N-1, connected as ids {@code firstId + i}. What they
 * receive goes to the fleet's current {@link Handler}, which a scenario swaps between phases.
 * Given several servers (the nodes of a cluster), client i connects to node {@code i % nodes}.
 */
final class Fleet implements AutoCloseable {

  /** Handles one frame received by client {@code peer}; runs on an I/O thread, must not block. */
  @FunctionalInterface
  interface Handler {
    void onFrame(int peer, String frame);
  }

  /**
   * Upgrades in flight at once. More only fill the server's accept queue (a full one drops SYNs,
   * which cost a second each to retry); fewer make connecting 19,000 clients slow.
   */
  private static final int HANDSHAKES_IN_FLIGHT = 128;
  private static final int CONNECT_ATTEMPTS = 3;
  private static final Duration RETRY_AFTER = Duration.ofMillis(200);

  private final long firstId;
  private final int nodes;
  private final WsConnection[] connections;
  private final AtomicInteger closedByServer = new AtomicInteger();
  private final AtomicIntegerArray closed; // 1 for each client the server closed
  private final AtomicInteger lastCloseCode = new AtomicInteger();
  private final AtomicInteger retriedConnects = new AtomicInteger();
  private volatile Handler handler = (peer, frame) -> {};
  private volatile boolean closing;

  private Fleet(long firstId, int size, int nodes) {
    this.firstId = firstId;
    this.nodes = nodes;
    this.connections = new WsConnection[size];
    this.closed = new AtomicIntegerArray(size);
  }

  /**
   * Connects {@code size} clients to {@code baseUrl + id}; fails unless all are up in time. A
   * connect that fails (a reset from a full accept queue, say) is tried again, up to
   * {@value #CONNECT_ATTEMPTS} times in all, and the row says how many were.
   */
  static Fleet connect(WsTransport transport, String baseUrl, long firstId, int size, Duration timeout)
      throws InterruptedException {
    return connect(transport, List.of(baseUrl), firstId, size, timeout);
  }

  /** As {@link #connect(WsTransport, String, long, int, Duration)}, client i to {@code baseUrls[i % n]}. */
  static Fleet connect(WsTransport transport, List<String> baseUrls, long firstId, int size, Duration timeout)
      throws InterruptedException {
    Fleet fleet = new Fleet(firstId, size, baseUrls.size());
    long deadline = System.nanoTime() + timeout.toNanos();
    Semaphore inFlight = new Semaphore(HANDSHAKES_IN_FLIGHT);
    CountDownLatch done = new CountDownLatch(size);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < size && failure.get() == null; i++) {
      if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      int peer = i;
      URI uri = URI.create(baseUrls.get(fleet.node(peer)) + fleet.id(peer));
      fleet.connectOne(transport, uri, peer, 1, deadline, (error) -> {
        inFlight.release();
        if (error != null) {
          failures.incrementAndGet();
          failure.compareAndSet(null, error);
        }
        done.countDown();
      });
    }
    boolean all = done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (!all || failure.get() != null) {
      fleet.close();
      throw new IllegalStateException("connected " + (size - done.getCount() - failures.get()) + " of "
          + size + " clients within " + timeout.toSeconds() + " s"
          + (failure.get() == null ? "" : "; first error: " + failure.get()), failure.get());
    }
    return fleet;
  }

  private void connectOne(WsTransport transport, URI uri, int peer, int attempt, long deadline,
      Consumer<Throwable> done) {
    transport.connect(uri, listener(peer)).whenComplete((connection, error) -> {
      if (error == null) {
        connections[peer] = connection;
        done.accept(null);
      } else if (attempt < CONNECT_ATTEMPTS && !closing
          && deadline - System.nanoTime() > RETRY_AFTER.toNanos()) {
        retriedConnects.incrementAndGet();
        CompletableFuture.delayedExecutor(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> connectOne(transport, uri, peer, attempt + 1, deadline, done));
      } else {
        done.accept(error);
      }
    });
  }

  private WsListener listener(int peer) {
    return new WsListener() {
      @Override
      public void onText(WsConnection connection, String text) {
        handler.onFrame(peer, text);
      }

      @Override
      public void onClose(WsConnection connection, int code) {
        if (!closing) {
          closed.set(peer, 1);
          closedByServer.incrementAndGet();
          lastCloseCode.set(code);
        }
      }
    };
  }

  int size() {
    return connections.length;
  }

  /** How many servers the clients are spread over: 1, or a cluster's nodes. */
  int nodes() {
    return nodes;
  }

  /** The server client {@code peer} is connected to, 0 to {@code nodes() - 1}. */
  int node(int peer) {
    return peer % nodes;
  }

  /**
   * A random receiver for a 1:1 message from {@code from}: any other client of one server; on a
   * cluster, always one on another node than the sender's, so that every message crosses.
   */
  int receiver(int from, Random random) {
    return receiver(from, connections.length, nodes, random);
  }

  /** {@link #receiver(int, Random)} of a fleet of {@code size} clients over {@code nodes} servers. */
  static int receiver(int from, int size, int nodes, Random random) {
    if (nodes == 1 || size <= nodes) {
      int to = random.nextInt(size - 1);
      return to >= from ? to + 1 : to;
    }
    int to;
    do {
      to = random.nextInt(size);
    } while (to % nodes == from % nodes);
    return to;
  }

  long id(int peer) {
    return firstId + peer;
  }

  /** The client number of {@code id}, or -1 when it is not one of this fleet's. */
  int peer(long id) {
    long peer = id - firstId;
    return peer >= 0 && peer < connections.length ? (int) peer : -1;
  }

  void handler(Handler next) {
    handler = next;
  }

  void send(int peer, String frame) {
    connections[peer].sendText(frame);
  }

  /** False once the server closed client {@code peer}: what it is sent from then on goes nowhere. */
  boolean open(int peer) {
    return closed.get(peer) == 0;
  }

  int closedByServer() {
    return closedByServer.get();
  }

  /** Notes for the result row: connects tried again and clients the server closed, if any. */
  List<String> notes() {
    List<String> notes = new ArrayList<>();
    if (retriedConnects.get() > 0) {
      notes.add(retriedConnects.get() + " connects tried again");
    }
    if (closedByServer.get() > 0) {
      notes.add(closedByServer.get() + " clients closed by the server (last code " + lastCloseCode.get() + ")");
    }
    return notes;
  }

  /**
   * Waits until the server routes to every client. A client holds its upgrade response before
   * the server may have registered it; a message sent to it then would be "not online". So
   * each client asks the server to send to the next one (a ring), and the ring is retried for
   * the clients reported not online until all are, or the time is up.
   */
  void awaitOnline(Duration timeout) throws InterruptedException {
    int size = connections.length;
    if (size < 2) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicIntegerArray online = new AtomicIntegerArray(size);
    for (;;) {
      List<Integer> pending = new ArrayList<>();
      for (int peer = 0; peer < size; peer++) {
        if (online.get(peer) == 0) {
          pending.add(peer);
        }
      }
      if (pending.isEmpty()) {
        handler = (peer, frame) -> {};
        return;
      }
      CountDownLatch answers = new CountDownLatch(pending.size());
      handler = (peer, frame) -> {
        if (V1.number(frame, "type", -1) == V1.SYSTEM) {
          int target = peer(V1.number(frame, "receiver", -1));
          if (target >= 0 && V1.SUCCESS.equals(V1.string(frame, "content"))) {
            online.set(target, 1);
          }
          answers.countDown();
        }
      };
      for (int target : pending) {
        send((target + size - 1) % size, V1.send(id(target), "probe"));
      }
      // A prober the server closed would never answer: check for closes while waiting.
      while (!answers.await(100, TimeUnit.MILLISECONDS)) {
        if (closedByServer.get() > 0 || System.nanoTime() - deadline >= 0) {
          handler = (peer, frame) -> {};
          throw new IllegalStateException(pending.size() + " of " + size + " clients not yet online after "
              + timeout.toSeconds() + " s at most; " + String.join("; ", notes()));
        }
      }
      // If someone was not online yet, give the server a moment to register it before asking again.
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** Drops every client (see {@link WsConnection#abort}); closes from here on are ours, not news. */
  @Override
  public void close() {
    closing = true;
    for (WsConnection connection : connections) {
      if (connection != null) {
        connection.abort();
      }
    }
  }
}
