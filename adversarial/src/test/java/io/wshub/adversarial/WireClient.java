package io.wshub.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a {@link Wire}. Reading, parsing and the listener run on the wire's
 * thread; {@link #send} may be called from any thread and never blocks, except that
 * {@link #sendWithin} waits while more than a bound of its own bytes are unsent (a flooding
 * client pushed back by the server waits, rather than filling the test's memory).
 */
final class WireClient {

  /** The code recorded when the connection ended without a close frame. */
  static final int DROPPED = 1006;
  private static final int MAX_MESSAGE = 8 << 20;

  /** What a client hears; called on the wire's thread, so quick. */
  interface Listener {
    void onText(WireClient client, String text);

    default void onPing(WireClient client) {}

    default void onClose(WireClient client, int code, String reason) {}
  }

  /** How the connection ended: the server's close frame, or {@link #DROPPED}. */
  record Close(int code, String reason) {}

  /** A listener that keeps every text, for tests that read them in order. */
  static class Recorder implements Listener {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

    @Override
    public void onText(WireClient client, String text) {
      texts.add(text);
    }
  }

  private final Wire wire;
  private final SocketChannel channel;
  private final URI uri;
  private final Listener listener;
  private final CompletableFuture<WireClient> opened = new CompletableFuture<>();
  final CompletableFuture<Close> closed = new CompletableFuture<>();
  final AtomicInteger pings = new AtomicInteger();

  // The wire's thread only.
  private SelectionKey key;
  private boolean upgraded;
  private ByteBuffer partial;
  private ByteArrayOutputStream fragments;
  private boolean reading = true;

  // Guarded by this.
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
  private long unsentBytes;
  private volatile boolean ended;
  /** Whether pings are answered (the JDK and browsers answer every ping they read). */
  volatile boolean answerPings = true;

  private WireClient(Wire wire, SocketChannel channel, URI uri, Listener listener) {
    this.wire = wire;
    this.channel = channel;
    this.uri = uri;
    this.listener = listener;
  }

  static CompletableFuture<WireClient> open(Wire wire, URI uri, Listener listener) {
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      WireClient client = new WireClient(wire, channel, uri, listener);
      wire.execute(client::start);
      return client.opened;
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void start() {
    try {
      key = channel.register(wire.selector, SelectionKey.OP_CONNECT, this);
      if (channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
        connected();
      }
    } catch (IOException e) {
      end(DROPPED, String.valueOf(e.getMessage()), e);
    }
  }

  void ready(SelectionKey readyKey) {
    try {
      int ready = readyKey.readyOps();
      if ((ready & SelectionKey.OP_CONNECT) != 0) {
        if (channel.finishConnect()) {
          connected();
        }
        return;
      }
      if ((ready & SelectionKey.OP_WRITE) != 0) {
        flush();
      }
      if ((ready & SelectionKey.OP_READ) != 0 && readyKey.isValid()) {
        read();
      }
    } catch (IOException | RuntimeException e) {
      end(DROPPED, String.valueOf(e.getMessage()), e);
    }
  }

  private void connected() {
    interest();
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    sendRaw(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
  }

  // ---- Sending, from any thread. ----

  /** Sends a text frame; what the socket does not take now waits in memory. */
  void send(String text) {
    write(frame(0x81, text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Sends a text frame once at most {@code bound} bytes of this client's are unsent: a client
   * that floods waits for the server to read, as a blocking socket would make it.
   */
  void sendWithin(String text, long bound) throws InterruptedException {
    synchronized (this) {
      while (unsentBytes > bound && !ended) {
        wait(100);
      }
    }
    send(text);
  }

  /**
   * Sends a text frame unless more than {@code bound} bytes of this client's are unsent: a client
   * that floods skips a turn while the server pushes back, rather than filling the test's memory.
   *
   * @return whether it sent
   */
  boolean trySend(String text, long bound) {
    synchronized (this) {
      if (unsentBytes > bound || ended) {
        return false;
      }
    }
    send(text);
    return true;
  }

  /** Bytes exactly as given, such as a broken frame or part of a request. */
  void sendRaw(byte[] bytes) {
    write(ByteBuffer.wrap(bytes));
  }

  /** Sends a close frame; the server's answering close completes {@link #closed}. */
  void close(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    write(frame(0x88, payload));
  }

  /** A masked frame, as clients must send them. */
  static ByteBuffer frame(int first, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
    frame.put((byte) first);
    if (length < 126) {
      frame.put((byte) (0x80 | length));
    } else if (length < 65536) {
      frame.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return frame.flip();
  }

  private void write(ByteBuffer bytes) {
    boolean waitForWritable;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (unsent.isEmpty()) {
        try {
          channel.write(bytes);
        } catch (IOException e) {
          wire.execute(() -> end(DROPPED, String.valueOf(e.getMessage()), e));
          return;
        }
        if (!bytes.hasRemaining()) {
          return;
        }
      }
      unsent.add(bytes);
      unsentBytes += bytes.remaining();
      waitForWritable = unsent.size() == 1;
    }
    if (waitForWritable) {
      wire.execute(this::interest);
    }
  }

  private void flush() throws IOException {
    synchronized (this) {
      for (ByteBuffer head; (head = unsent.peek()) != null; ) {
        int before = head.remaining();
        channel.write(head);
        unsentBytes -= before - head.remaining();
        if (head.hasRemaining()) {
          return;
        }
        unsent.poll();
      }
      notifyAll();
    }
    interest();
  }

  /** On the wire's thread: read while reading, write while bytes wait. */
  private void interest() {
    if (key == null || !key.isValid() || ended) {
      return;
    }
    boolean writing;
    synchronized (this) {
      writing = !unsent.isEmpty();
    }
    key.interestOps((reading ? SelectionKey.OP_READ : 0) | (writing ? SelectionKey.OP_WRITE : 0));
  }

  // ---- Hostile behaviour. ----

  /**
   * Stops reading from the socket: frames and pings pile up in the kernel, and then in the
   * server, which is what a client that stopped reading (or a half-open socket) looks like.
   */
  void stopReading() {
    wire.execute(() -> {
      reading = false;
      interest();
    });
  }

  void resumeReading() {
    wire.execute(() -> {
      reading = true;
      interest();
    });
  }

  /** Resets the connection: no close frame, no TIME_WAIT, as when a client process is killed. */
  void abort() {
    synchronized (this) {
      if (ended) {
        return;
      }
    }
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException e) {
      // already closed
    }
    end(DROPPED, "aborted by the client", null);
  }

  // ---- Reading, on the wire's thread. ----

  private void read() throws IOException {
    ByteBuffer buffer = partial;
    if (buffer == null) {
      buffer = wire.readBuffer;
      buffer.clear();
    } else if (!buffer.hasRemaining()) {
      if (buffer.capacity() >= MAX_MESSAGE) {
        throw new IOException("a frame over " + MAX_MESSAGE + " bytes");
      }
      buffer = partial = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
    }
    int count = channel.read(buffer);
    if (count < 0) {
      end(DROPPED, "the server ended the connection", null);
      return;
    }
    buffer.flip();
    consume(buffer);
    if (ended) {
      return;
    }
    if (!buffer.hasRemaining()) {
      partial = null;
    } else if (buffer == partial) {
      partial.compact();
    } else {
      partial = ByteBuffer.allocate(Math.max(4096, buffer.remaining() * 2)).put(buffer);
    }
  }

  private void consume(ByteBuffer buffer) {
    if (!upgraded) {
      int end = headEnd(buffer);
      if (end < 0) {
        return;
      }
      String head = new String(buffer.array(), buffer.position(), end - buffer.position(), StandardCharsets.ISO_8859_1);
      buffer.position(end);
      if (!head.startsWith("HTTP/1.1 101")) {
        end(DROPPED, head.lines().findFirst().orElse(""), new IOException("upgrade refused: " + head));
        return;
      }
      upgraded = true;
      opened.complete(this);
    }
    while (!ended && buffer.remaining() >= 2) {
      int at = buffer.position();
      int b0 = buffer.get(at) & 0xFF;
      int b1 = buffer.get(at + 1) & 0x7F;
      int header = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
      if (buffer.remaining() < header) {
        return;
      }
      long length = b1 < 126 ? b1 : b1 == 126 ? buffer.getShort(at + 2) & 0xFFFF : buffer.getLong(at + 2);
      if (length > MAX_MESSAGE) {
        end(DROPPED, "a frame of " + length + " bytes", null);
        return;
      }
      if (buffer.remaining() < header + length) {
        return;
      }
      int start = at + header;
      byte[] payload = new byte[(int) length];
      buffer.get(start, payload);
      buffer.position(start + (int) length);
      frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }
  }

  private static int headEnd(ByteBuffer buffer) {
    for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
      if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r' && buffer.get(i + 3) == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  private void frame(int opcode, boolean fin, byte[] payload) {
    switch (opcode) {
      case 1 -> {
        if (fin) {
          listener.onText(this, new String(payload, StandardCharsets.UTF_8));
        } else {
          fragments = new ByteArrayOutputStream();
          fragments.writeBytes(payload);
        }
      }
      case 0 -> {
        if (fragments != null) {
          fragments.writeBytes(payload);
          if (fin) {
            listener.onText(this, fragments.toString(StandardCharsets.UTF_8));
            fragments = null;
          }
        }
      }
      case 9 -> {
        pings.incrementAndGet();
        if (answerPings) {
          write(frame(0x8A, payload));
        }
        listener.onPing(this);
      }
      case 8 -> {
        int code = payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : 1005;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        write(frame(0x88, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]));
        end(code, reason, null);
      }
      default -> { } // pong, binary: nothing a hub sends
    }
  }

  /** The connection ended: closes the socket and says how, once. */
  private void end(int code, String reason, Exception cause) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      // The close answer (if any) was just written; what else waits is dropped.
      unsent.clear();
      unsentBytes = 0;
      notifyAll();
    }
    try {
      channel.close();
    } catch (IOException e) {
      // gone either way
    }
    if (!opened.isDone()) {
      opened.completeExceptionally(cause != null ? cause : new IOException("closed before the upgrade: " + reason));
    }
    closed.complete(new Close(code, reason));
    listener.onClose(this, code, reason);
  }

  // ---- For the tests. ----

  boolean isOpen() {
    return !ended;
  }

  /** Waits for the end of the connection. */
  Close awaitClose() {
    return Wire.await(closed, "the close of " + uri);
  }

  /** The next text a {@link Recorder} kept, waiting for it; fails if none comes. */
  String nextText() {
    try {
      String text = ((Recorder) listener).texts.poll(Wire.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new AssertionError("no text reached " + uri + " within " + Wire.PATIENCE);
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A text a {@link Recorder} already kept, or null. */
  String pollText() {
    return ((Recorder) listener).texts.poll();
  }

  URI uri() {
    return uri;
  }

  @Override
  public String toString() {
    return "client " + uri.getPath();
  }
}
