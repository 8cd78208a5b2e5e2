package io.wshub.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reading and writing thread: a selector over the connections it accepted (every loop accepts
 * from the one listening socket, so an idle loop takes the next client). It reads and parses, and
 * after each select writes what the hub queued for its connections since the last one: the hub
 * wakes it once per select at most, however many connections it sent to.
 */
final class EventLoop {

  private static final System.Logger LOG = System.getLogger("io.wshub.server");
  /** Read at most this much per connection per turn, so one busy client cannot starve the rest. */
  static final int READ_BUFFER = 64 * 1024;

  final HubServer server;
  final Selector selector;
  private final ServerSocketChannel listener;
  private final SelectionKey acceptKey;
  private final Thread thread;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private volatile boolean running = true;
  /** Connections the hub queued frames for: written after the next select. */
  private final Queue<WsConnection> toFlush = new ConcurrentLinkedQueue<>();
  /** Set by the first {@link #flushLater} since the last select: one wake-up is enough. */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private long lastAcceptWarning;

  EventLoop(HubServer server, ServerSocketChannel listener, String name) throws IOException {
    this.server = server;
    this.listener = listener;
    this.selector = Selector.open();
    this.acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void flush() {
    for (WsConnection connection; (connection = toFlush.poll()) != null; ) {
      try {
        connection.flushRequested();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "wshub: unexpected error writing to a connection; dropping it", e);
        connection.drop("unexpected server error");
      }
    }
  }

  /** Any thread: the loop writes what {@code connection} has queued, soon. */
  void flushLater(WsConnection connection) {
    toFlush.add(connection);
    if (!wakeupPending.getAndSet(true)) {
      selector.wakeup();
    }
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  void join() {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select(this::ready);
        wakeupPending.set(false); // before taking the list: a later request wakes the next select
        flush();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (running) {
        LOG.log(Level.ERROR, "wshub: an event loop's selector failed; its connections are dropped", e);
      }
    } finally {
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof WsConnection connection) {
          connection.drop("the server stopped");
        }
      }
      try {
        selector.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "wshub: closing a selector failed", e);
      }
    }
  }

  private void ready(SelectionKey key) {
    if (key == acceptKey) {
      accept();
      return;
    }
    WsConnection connection = (WsConnection) key.attachment();
    try {
      int ready = key.readyOps();
      if ((ready & SelectionKey.OP_WRITE) != 0) {
        connection.writable();
      }
      if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
        connection.readable(readBuffer);
      }
    } catch (java.nio.channels.CancelledKeyException closed) {
      // closed by another thread meanwhile: it told the hub
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "wshub: unexpected error on a connection; dropping it", e);
      connection.drop("unexpected server error");
    }
  }

  private void accept() {
    for (int i = 0; i < 64; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        pauseAccepting(e);
        return;
      }
      if (channel == null) {
        return;
      }
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        WsConnection connection = new WsConnection(this, channel);
        connection.registered(channel.register(selector, SelectionKey.OP_READ, connection));
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "wshub: setting up an accepted connection failed", e);
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing was registered
        }
      }
    }
  }

  /**
   * Accepting failed, at the file-descriptor limit most often: stop asking for a moment, or the
   * loop would spin on a connection it cannot take. Warned once a second at most.
   */
  private void pauseAccepting(IOException e) {
    if (!listener.isOpen()) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastAcceptWarning > TimeUnit.SECONDS.toNanos(1)) {
      lastAcceptWarning = now;
      LOG.log(Level.WARNING, "wshub: cannot accept connections: " + e.getMessage() + "; retrying in 100 ms");
    }
    acceptKey.interestOps(0);
    server.timer.schedule(() -> {
      if (acceptKey.isValid()) {
        acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        selector.wakeup();
      }
    }, 100, TimeUnit.MILLISECONDS);
  }
}
