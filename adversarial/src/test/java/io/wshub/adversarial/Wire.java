package io.wshub.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * WebSocket clients over non-blocking sockets, on one selector thread: thousands of them cost a
 * thread and a few buffers, so a test can hold the server at its file-descriptor limit from one
 * process. The clients are hostile where a test says so (they stop reading, vanish, trickle
 * their handshake, send broken frames), well-behaved otherwise: they read promptly and answer
 * every ping they read.
 */
final class Wire implements AutoCloseable {

  /** How long any wait lasts before the test fails: generous, for a loaded two-core machine. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  /** Reads land here first; only the rest of an incomplete frame is kept per client. */
  final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

  Wire() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::run, "wire");
    thread.setDaemon(true);
    thread.start();
  }

  /** Connects a client as {@code id}'s URI says and waits for its upgrade. */
  WireClient connect(URI uri, WireClient.Listener listener) {
    return await(connectAsync(uri, listener), "the upgrade of " + uri);
  }

  /** Connects a client that records what it receives. */
  WireClient connect(URI uri) {
    return connect(uri, new WireClient.Recorder());
  }

  /** Starts connecting; the future completes once the server answered 101. */
  CompletableFuture<WireClient> connectAsync(URI uri, WireClient.Listener listener) {
    return WireClient.open(this, uri, listener);
  }

  /** Connects {@code count} clients at once, {@code uri.apply(i)} for the i-th, and waits for all. */
  List<WireClient> connectAll(int count, java.util.function.IntFunction<URI> uri,
      java.util.function.IntFunction<WireClient.Listener> listener) {
    List<CompletableFuture<WireClient>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      opening.add(connectAsync(uri.apply(i), listener.apply(i)));
    }
    List<WireClient> clients = new ArrayList<>();
    for (CompletableFuture<WireClient> future : opening) {
      clients.add(await(future, "an upgrade"));
    }
    return clients;
  }

  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not happen within " + PATIENCE);
    }
  }

  /** Runs {@code task} on the loop's thread, soon. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    while (running) {
      try {
        selector.select(key -> ((WireClient) key.attachment()).ready(key));
      } catch (IOException | RuntimeException e) {
        e.printStackTrace();
        break;
      }
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
    }
    for (SelectionKey key : selector.keys()) {
      ((WireClient) key.attachment()).abort();
    }
    try {
      selector.close();
    } catch (IOException e) {
      // gone either way
    }
  }

  /** Resets every connection still open and stops the thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
