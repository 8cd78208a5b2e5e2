package io.wshub.benchmarks.load;

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
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client connection over a non-blocking socket, served by one {@link IoLoop}.
 *
 * <p>Reading, parsing and the listener run on the loop's thread. Writing may happen on any
 * thread: a frame goes straight to the socket when nothing is waiting, so a sender pays one
 * system call per message and no hand-off; what the socket does not take waits in
 * {@code unsent} until the loop sees the socket writable.
 */
final class NioConnection implements WsConnection {

  /** Longer messages are a protocol error here: protocol v1 frames are a few hundred bytes. */
  private static final int MAX_MESSAGE = 1 << 20;

  private final SocketChannel channel;
  private final IoLoop loop;
  private final URI uri;
  private final WsListener listener;
  private final CompletableFuture<WsConnection> opened = new CompletableFuture<>();

  // Touched by the loop's thread only.
  private SelectionKey key;
  private boolean upgraded;
  private ByteBuffer partial; // bytes of an incomplete frame, in write mode; null most of the time
  private ByteArrayOutputStream fragments; // a fragmented text message being collected

  // Guarded by this; closed is also read without the lock, once per frame.
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
  private volatile boolean closed;

  private NioConnection(SocketChannel channel, IoLoop loop, URI uri, WsListener listener) {
    this.channel = channel;
    this.loop = loop;
    this.uri = uri;
    this.listener = listener;
  }

  static CompletableFuture<WsConnection> open(IoLoop loop, URI uri, WsListener listener) {
    try {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      NioConnection connection = new NioConnection(channel, loop, uri, listener);
      loop.execute(connection::start);
      return connection.opened;
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void start() {
    try {
      key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
      if (channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
        connected();
      }
    } catch (IOException e) {
      drop(1006, e);
    }
  }

  /** Called by the loop when the socket is ready for what this connection waits for. */
  void onReady(SelectionKey readyKey) {
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
      drop(1006, e);
    }
  }

  private void connected() {
    key.interestOps(SelectionKey.OP_READ);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String request = "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public void sendText(String text) {
    write(Frames.text(text));
  }

  private void write(ByteBuffer bytes) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (unsent.isEmpty()) {
        try {
          channel.write(bytes);
        } catch (IOException e) {
          loop.execute(() -> drop(1006, e));
          return;
        }
        if (!bytes.hasRemaining()) {
          return;
        }
      }
      unsent.add(bytes);
      if (unsent.size() > 1) {
        return; // the loop already waits for the socket
      }
    }
    loop.execute(() -> {
      if (key.isValid()) {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    });
  }

  private void flush() throws IOException {
    synchronized (this) {
      for (ByteBuffer head; (head = unsent.peek()) != null; unsent.poll()) {
        channel.write(head);
        if (head.hasRemaining()) {
          return;
        }
      }
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void read() throws IOException {
    ByteBuffer buffer = partial;
    if (buffer == null) {
      buffer = loop.readBuffer;
      buffer.clear();
    } else if (!buffer.hasRemaining()) {
      buffer = partial = grow(buffer);
    }
    int count = channel.read(buffer);
    if (count < 0) {
      drop(1006, null);
      return;
    }
    buffer.flip();
    consume(buffer);
    if (closed) {
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

  private static ByteBuffer grow(ByteBuffer full) {
    if (full.capacity() >= MAX_MESSAGE + Frames.MAX_HEADER) {
      throw new IllegalStateException("a frame over " + MAX_MESSAGE + " bytes");
    }
    return ByteBuffer.allocate(full.capacity() * 2).put(full.flip());
  }

  /** Handles every complete frame (or the upgrade response) in {@code buffer}. */
  private void consume(ByteBuffer buffer) {
    if (!upgraded && !readUpgrade(buffer)) {
      return;
    }
    while (!closed) {
      long length = Frames.frameLength(buffer);
      if (length < 0 || length > buffer.remaining()) {
        return;
      }
      int at = buffer.position();
      int header = Frames.headerLength(buffer);
      int first = buffer.get(at);
      byte[] array = buffer.array();
      int payload = buffer.arrayOffset() + at + header;
      int payloadLength = (int) (length - header);
      if ((buffer.get(at + 1) & 0x80) != 0) { // servers do not mask, but tolerate it
        for (int i = 0; i < payloadLength; i++) {
          array[payload + i] ^= array[payload - 4 + (i & 3)];
        }
      }
      buffer.position(at + (int) length);
      onFrame(first & 0x0F, (first & 0x80) != 0, array, payload, payloadLength);
    }
  }

  private boolean readUpgrade(ByteBuffer buffer) {
    int end = headersEnd(buffer);
    if (end < 0) {
      return false;
    }
    String head = new String(buffer.array(), buffer.arrayOffset() + buffer.position(),
        end - buffer.position(), StandardCharsets.ISO_8859_1);
    buffer.position(end);
    if (!head.startsWith("HTTP/1.1 101")) {
      drop(1006, new IOException("upgrade refused: " + head.lines().findFirst().orElse("")));
      return false;
    }
    upgraded = true;
    opened.complete(this);
    return true;
  }

  /** The index just past the blank line that ends the HTTP headers, or -1. */
  private static int headersEnd(ByteBuffer buffer) {
    for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
      if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n'
          && buffer.get(i + 2) == '\r' && buffer.get(i + 3) == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  private void onFrame(int opcode, boolean fin, byte[] array, int offset, int length) {
    switch (opcode) {
      case Frames.TEXT:
        if (fin) {
          listener.onText(this, new String(array, offset, length, StandardCharsets.UTF_8));
        } else {
          fragments = new ByteArrayOutputStream();
          fragments.write(array, offset, length);
        }
        break;
      case Frames.CONTINUATION:
        if (fragments != null) {
          fragments.write(array, offset, length);
          if (fin) {
            listener.onText(this, fragments.toString(StandardCharsets.UTF_8));
            fragments = null;
          }
        }
        break;
      case Frames.PING: // the server's heartbeat: an idle client that does not answer is closed
        write(Frames.frame(Frames.PONG, Arrays.copyOfRange(array, offset, offset + length)));
        listener.onPing(this);
        break;
      case Frames.CLOSE:
        int code = length >= 2 ? (array[offset] & 0xFF) << 8 | array[offset + 1] & 0xFF : 1005;
        write(Frames.frame(Frames.CLOSE, Arrays.copyOfRange(array, offset, offset + Math.min(2, length))));
        drop(code, null);
        break;
      default: // pong, binary: nothing protocol v1 uses
        break;
    }
  }

  /** Closes the socket after a close frame, an error or the end of the stream, and says so. */
  private void drop(int code, Exception cause) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      unsent.clear();
    }
    closeChannel();
    if (opened.isDone()) {
      listener.onClose(this, code);
    } else {
      opened.completeExceptionally(cause != null ? cause : new IOException("closed before the upgrade"));
    }
  }

  /**
   * Resets the connection: no closing handshake and no TIME_WAIT on our side. A run opens and
   * closes tens of thousands of connections to one port, more than the ephemeral port range
   * could hold in TIME_WAIT; the server sees the reset and unregisters the client.
   */
  @Override
  public void abort() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      unsent.clear();
    }
    try {
      channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException e) {
      // already closed: nothing to reset
    }
    closeChannel();
    opened.completeExceptionally(new IOException("aborted"));
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      // the socket is gone either way
    }
  }
}
