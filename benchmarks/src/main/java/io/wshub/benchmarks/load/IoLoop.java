package io.wshub.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread serving many {@link NioConnection}s: thousands of sockets cost one thread
 * and a few buffers, not a thread or a 64 KB buffer each.
 */
final class IoLoop implements Runnable {

  private static final System.Logger LOG = System.getLogger(IoLoop.class.getName());

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Reads land here first; only the rest of an incomplete frame is copied per connection. */
  final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

  IoLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  /** Runs {@code task} on this loop's thread, soon. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select(key -> ((NioConnection) key.attachment()).onReady(key));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.ERROR, "I/O loop failed; its connections are lost", e);
        break;
      }
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
    }
    for (SelectionKey key : selector.keys()) {
      ((NioConnection) key.attachment()).abort();
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing a selector", e);
    }
  }

  void stop() {
    running = false;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
