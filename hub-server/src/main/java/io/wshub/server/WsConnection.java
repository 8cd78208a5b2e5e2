package io.wshub.server;

import io.wshub.core.ClientPort;
import io.wshub.core.CloseCodes;
import io.wshub.core.Connection;
import io.wshub.core.IdCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection: its upgrade, then its frames both ways. It is also the hub's
 * {@link ClientPort} for it, so a connection costs one object of ours beside the JDK's channel.
 *
 * <p>Reading is its event loop's alone, and so, nearly always, is writing: the hub's thread only
 * queues frames and asks the loop to write them ({@link EventLoop#flushLater}). Whoever drains
 * (the loop; a timer that drops the connection) holds {@code drainers} above 0 until it is done,
 * so frames go out whole, in the order the hub queued them, with no lock. A write the socket
 * cannot take whole waits in {@code out} until the loop reports the socket writable again.
 */
final class WsConnection implements ClientPort {

  private static final System.Logger LOG = System.getLogger("io.wshub.server");
  /** Longest request head taken; RFC 6455 handshakes are a few hundred bytes. */
  static final int MAX_HEAD = 8192;
  private static final Object PING = new Object();
  /** {@link #closeCode} before any close: open. */
  private static final int OPEN = -1;
  /** {@link #closeCode} of a plain HTTP response: the TCP connection ends after what is queued. */
  private static final int HTTP_ONLY = 0;
  private static final int NO_STATUS = 1005;
  private static final int ABNORMAL = 1006;
  private static final int INVALID_PAYLOAD = 1007;

  private static final VarHandle DRAINERS;
  private static final VarHandle QUEUED_CHARS;
  private static final VarHandle PENDING;
  private static final VarHandle CLOSE_CODE;
  private static final VarHandle FINISHED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DRAINERS = lookup.findVarHandle(WsConnection.class, "drainers", int.class);
      QUEUED_CHARS = lookup.findVarHandle(WsConnection.class, "queuedChars", int.class);
      PENDING = lookup.findVarHandle(WsConnection.class, "pending", int.class);
      CLOSE_CODE = lookup.findVarHandle(WsConnection.class, "closeCode", int.class);
      FINISHED = lookup.findVarHandle(WsConnection.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventLoop loop;
  private final SocketChannel channel;
  private SelectionKey key;

  // ---- The loop's alone. ----
  /** The request head so far, until the upgrade: {@code head[0, headLength)}. */
  private byte[] head;
  private int headLength;
  /** The hub's side, once upgraded (the handshake timer reads it too). */
  private volatile Connection<?> hub;
  private int maxFrameBytes;
  /** The bytes of a frame that has not arrived whole. */
  private byte[] carry;
  /** A fragmented text message so far, or null. */
  private byte[] message;
  private int messageLength;
  /** After a protocol error or the client's close, what it sends is not read. */
  private boolean ignoring;
  private volatile ScheduledFuture<?> deadline;

  // ---- Shared with the hub's thread. ----
  /** Texts ({@link String}), {@link #PING}, pongs and raw bytes ({@code byte[]}), in order. */
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private int capacity;
  private volatile int queuedChars;
  /** Texts queued or being written. */
  private volatile int pending;
  private volatile long written;
  /** The hub's callback for the ping waiting in {@link #queue}, or null when none waits. */
  private volatile Runnable pingWaiting;
  private volatile boolean pongQueued;
  private volatile int drainers;
  private volatile int closeCode = OPEN;
  private volatile String closeReason = "";
  private volatile boolean finished;
  /** Set by the client's close frame or its protocol error: once our close frame is out, the TCP connection ends. */
  private volatile boolean endAfterClose;
  private volatile ScheduledFuture<?> forced;
  /** Whether the hub was told of the end (once). */
  private volatile boolean hubTold;

  // ---- The drainer's alone. ----
  private ByteBuffer out;
  private int outTexts;
  /** The callback of a ping in {@link #out}: run once {@code out} is written. */
  private Runnable outPing;
  private boolean closeSent;

  WsConnection(EventLoop loop, SocketChannel channel) {
    this.loop = loop;
    this.channel = channel;
  }

  void registered(SelectionKey key) {
    this.key = key;
    deadline = loop.server.timer.schedule(() -> {
      if (hub == null && closeCode == OPEN) {
        drop("no upgrade request within " + loop.server.settings.handshakeTimeout().toMillis() + " ms");
      }
    }, loop.server.settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- Reading, on the loop. ----

  void readable(ByteBuffer buffer) {
    buffer.clear();
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      drop(e.getMessage());
      return;
    }
    if (n < 0) {
      drop("the client ended the connection");
      return;
    }
    if (n == 0 || ignoring) {
      return;
    }
    byte[] data = buffer.array();
    int length = buffer.position();
    if (hub == null && closeCode == OPEN) {
      if (head == null) {
        head = new byte[Math.min(Math.max(length, 512), MAX_HEAD + 1)];
      }
      int take = Math.min(length, MAX_HEAD + 1 - headLength);
      if (headLength + take > head.length) {
        head = Arrays.copyOf(head, Math.min(Math.max(headLength + take, 2 * head.length), MAX_HEAD + 1));
      }
      System.arraycopy(data, 0, head, headLength, take);
      int searchFrom = Math.max(0, headLength - 3); // a byte at a time costs no more than the bytes
      headLength += take;
      int end = Http.headEnd(head, searchFrom, headLength);
      if (end < 0) {
        if (headLength > MAX_HEAD) {
          respond(431, "Request Header Fields Too Large", "request head over " + MAX_HEAD + " bytes");
        }
        return;
      }
      // What came after the head (a client may send its first frames at once) is frames.
      byte[] rest = end < headLength ? Arrays.copyOfRange(head, end, headLength)
          : take < length ? new byte[0] : null;
      if (take < length) {
        rest = Arrays.copyOf(rest, rest.length + length - take);
        System.arraycopy(data, take, rest, rest.length - (length - take), length - take);
      }
      upgrade(Http.parse(head, end));
      head = null;
      if (hub == null || rest == null || rest.length == 0) {
        return;
      }
      data = rest;
      length = rest.length;
    } else if (carry != null) {
      byte[] joined = Arrays.copyOf(carry, carry.length + length);
      System.arraycopy(data, 0, joined, carry.length, length);
      data = joined;
      length = joined.length;
      carry = null;
    }
    int used = frames(data, length);
    if (used < length && !ignoring) {
      carry = Arrays.copyOfRange(data, used, length);
    }
  }

  /** Handles the whole frames in {@code data[0, length)}; returns how many bytes they took. */
  private int frames(byte[] data, int length) {
    int at = 0;
    while (!ignoring && length - at >= 2) {
      int b0 = data[at] & 0xFF;
      int b1 = data[at + 1] & 0xFF;
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      if ((b0 & 0x70) != 0) {
        return fail(CloseCodes.PROTOCOL_ERROR, "reserved bits set: no extension was agreed");
      }
      if ((b1 & 0x80) == 0) {
        return fail(CloseCodes.PROTOCOL_ERROR, "an unmasked frame: clients must mask (RFC 6455 5.1)");
      }
      int size = b1 & 0x7F;
      int headerLength = 6 + (size == 126 ? 2 : size == 127 ? 8 : 0);
      if (length - at < headerLength) {
        break;
      }
      long payload = size;
      if (size == 126) {
        payload = (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
      } else if (size == 127) {
        payload = 0;
        for (int i = 0; i < 8; i++) {
          payload = payload << 8 | (data[at + 2 + i] & 0xFF);
        }
      }
      boolean control = opcode >= 8;
      if (control && (!fin || payload > 125)) {
        return fail(CloseCodes.PROTOCOL_ERROR, "a control frame fragmented or over 125 bytes");
      }
      if (opcode == 2) {
        return fail(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted: protocol v1 is JSON text");
      }
      if (opcode != 0 && opcode != 1 && !control || opcode > 10) {
        return fail(CloseCodes.PROTOCOL_ERROR, "unknown opcode " + opcode);
      }
      if (opcode == 0 && message == null) {
        return fail(CloseCodes.PROTOCOL_ERROR, "a continuation frame with no message to continue");
      }
      if (opcode == 1 && message != null) {
        return fail(CloseCodes.PROTOCOL_ERROR, "a new text message inside a fragmented one");
      }
      if (!control && payload + (opcode == 0 ? messageLength : 0) > maxFrameBytes) {
        return fail(CloseCodes.TOO_BIG, "frame over " + maxFrameBytes + " bytes");
      }
      if (length - at - headerLength < payload) {
        break;
      }
      int start = at + headerLength;
      int count = (int) payload;
      unmask(data, start - 4, start, count);
      at = start + count;
      switch (opcode) {
        case 1 -> {
          if (fin) {
            text(data, start, count);
          } else {
            message = Arrays.copyOfRange(data, start, start + count);
            messageLength = count;
          }
        }
        case 0 -> {
          if (messageLength + count > message.length) {
            message = Arrays.copyOf(message, Math.min(maxFrameBytes, Math.max(messageLength + count, 2 * message.length)));
          }
          System.arraycopy(data, start, message, messageLength, count);
          messageLength += count;
          if (fin) {
            byte[] whole = message;
            int wholeLength = messageLength;
            message = null;
            messageLength = 0;
            text(whole, 0, wholeLength);
          }
        }
        case 8 -> closeFrame(data, start, count);
        case 9 -> pong(Arrays.copyOfRange(data, start, start + count));
        case 10 -> {
          if (hub != null) {
            hub.pong();
          }
        }
        default -> throw new AssertionError(opcode);
      }
    }
    return at;
  }

  private static void unmask(byte[] data, int maskAt, int start, int count) {
    for (int i = 0; i < count; i++) {
      data[start + i] ^= data[maskAt + (i & 3)];
    }
  }

  private void text(byte[] data, int offset, int length) {
    if (hub == null) {
      return; // refused at the upgrade, waiting for its close
    }
    String text = Utf8.decode(data, offset, length);
    if (text == null) {
      fail(INVALID_PAYLOAD, "a text frame that is not UTF-8");
      return;
    }
    hub.receive(text); // may wait while the hub's inbound queue is full: that is the push-back
  }

  private void closeFrame(byte[] data, int offset, int length) {
    ignoring = true;
    endAfterClose = true;
    int code = NO_STATUS;
    String reason = "";
    if (length == 1) {
      fail(CloseCodes.PROTOCOL_ERROR, "a close frame of one byte");
      return;
    }
    if (length >= 2) {
      code = (data[offset] & 0xFF) << 8 | (data[offset + 1] & 0xFF);
      String text = Utf8.decode(data, offset + 2, length - 2);
      if (!CloseCodes.isSendable(code) || text == null) {
        fail(CloseCodes.PROTOCOL_ERROR, "a close frame with code " + code + (text == null ? " and a reason not UTF-8" : ""));
        return;
      }
      reason = text;
    }
    tellHub(code, reason);
    // Answer with the same code: after what is queued, then the TCP connection ends.
    if (CLOSE_CODE.compareAndSet(this, OPEN, code == NO_STATUS ? CloseCodes.NORMAL : code)) {
      closeReason = "";
    }
    drain();
  }

  /** The client broke the protocol: the hub counts it and closes the connection with {@code code}. */
  private int fail(int code, String problem) {
    ignoring = true;
    endAfterClose = true; // what follows a broken frame cannot be read: no close frame will be parsed
    message = null;
    carry = null;
    if (hub != null) {
      hub.fail(code, problem);
    } else {
      close(code, problem);
    }
    return 0;
  }

  private void pong(byte[] payload) {
    // One answer waiting is enough (RFC 6455 5.5.3): a ping flood cannot grow the queue.
    if (closeCode == OPEN && !pongQueued) {
      pongQueued = true;
      queue.add(new Pong(payload));
      drain();
    }
  }

  private record Pong(byte[] payload) {}

  // ---- The upgrade, on the loop. ----

  private void upgrade(Http.Request request) {
    HubServer.Settings<?> settings = loop.server.settings;
    if (request == null) {
      respond(400, "Bad Request", "not an HTTP/1.1 request");
      return;
    }
    if (!request.method().equals("GET")) {
      respond(405, "Method Not Allowed", "only GET", "Allow: GET");
      return;
    }
    String path = request.path();
    boolean hubPath = idSegment(path, settings) != null;
    if (!request.hasToken("upgrade", "websocket")) {
      Optional<byte[]> file = settings.file(path);
      if (file.isPresent()) {
        ignoring = true;
        queue.add(Http.ok(Http.contentType(path.equals("/") ? "index.html" : path), file.get()));
        end(HTTP_ONLY);
      } else if (hubPath) {
        respond(426, "Upgrade Required", "this is a WebSocket endpoint", "Upgrade: websocket",
            "Sec-WebSocket-Version: 13");
      } else {
        respond(404, "Not Found", "not found");
      }
      return;
    }
    String segment = idSegment(path, settings);
    if (segment == null) {
      respond(404, "Not Found", "no WebSocket endpoint at " + (path.length() > 64 ? path.substring(0, 64) + "..." : path));
      return;
    }
    if (!"13".equals(request.header("sec-websocket-version"))) {
      respond(426, "Upgrade Required", "WebSocket version 13 only", "Sec-WebSocket-Version: 13");
      return;
    }
    String key = request.header("sec-websocket-key");
    if (!request.hasToken("connection", "upgrade") || !Http.validKey(key)) {
      respond(400, "Bad Request", "not a WebSocket upgrade: Connection: Upgrade and a Sec-WebSocket-Key are required");
      return;
    }
    if (!settings.origins().isEmpty()) {
      String origin = request.header("origin");
      if (origin == null || !settings.origins().contains(origin.toLowerCase(java.util.Locale.ROOT))) {
        respond(403, "Forbidden", "origin not allowed");
        return;
      }
    }
    accept(settings, request, segment, key);
  }

  /** The id's text in a hub path, decoded; null if the path is not the hub's. */
  private static String idSegment(String path, HubServer.Settings<?> settings) {
    String prefix = settings.prefix();
    String suffix = settings.suffix();
    if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) {
      return null;
    }
    String segment = path.substring(prefix.length(), path.length() - suffix.length());
    return segment.indexOf('/') >= 0 ? null : segment;
  }

  private <Id> void accept(HubServer.Settings<Id> settings, Http.Request request, String segment, String key) {
    IdCodec<Id> ids = settings.hub().config().ids();
    String text = Http.decodeSegment(segment);
    Id pathId;
    try {
      if (text == null) {
        throw new IllegalArgumentException("not a valid percent-encoded segment");
      }
      pathId = ids.parse(text);
    } catch (RuntimeException e) {
      respond(400, "Bad Request", "malformed id: " + e.getMessage());
      return;
    }
    if (pathId.equals(ids.system())) {
      respond(400, "Bad Request", "malformed id: " + ids.format(pathId) + " is the system's own");
      return;
    }
    Optional<Id> accepted;
    try {
      accepted = settings.authenticator().authenticate(pathId,
          new Upgrade(request.path(), request.query(), request.headers()));
    } catch (RuntimeException e) {
      // The exception's class only: its message or the request could carry a token.
      LOG.log(Level.WARNING, "wshub: the authenticator threw " + e.getClass().getName() + " for id "
          + ids.format(pathId) + "; the connection is refused");
      accepted = Optional.empty();
    }
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null; // an idle connection keeps nothing it no longer needs
    }
    queue.add(Http.switching(key));
    if (accepted == null || accepted.isEmpty() || accepted.get().equals(ids.system())) {
      close(CloseCodes.POLICY_VIOLATION, "authentication failed");
      return;
    }
    capacity = settings.hub().config().outboundQueueBytes();
    maxFrameBytes = settings.hub().config().maxFrameBytes();
    hub = settings.hub().connect(accepted.get(), this);
    drain(); // the 101, unless the hub wrote already
  }

  /** An HTTP error response; the connection ends after it. */
  private void respond(int status, String reason, String body, String... headers) {
    ignoring = true;
    queue.add(Http.status(status, reason, body, headers));
    end(HTTP_ONLY);
  }

  private void end(int code) {
    CLOSE_CODE.compareAndSet(this, OPEN, code);
    drain();
    forceCloseLater();
  }

  // ---- The hub's port. ----

  @Override
  public boolean send(String frame) {
    if (closeCode != OPEN) {
      return false;
    }
    int size = frame.length();
    if ((int) QUEUED_CHARS.getAndAdd(this, size) + size > capacity) {
      QUEUED_CHARS.getAndAdd(this, -size);
      return false;
    }
    PENDING.getAndAdd(this, 1);
    queue.add(frame);
    return true;
  }

  @Override
  public boolean isOpen() {
    return closeCode == OPEN;
  }

  @Override
  public void flush() {
    write(this);
  }

  @Override
  public void ping() {
    ping(() -> {});
  }

  /** Queues a ping behind what is queued; {@code written} runs once the socket took it whole. */
  @Override
  public void ping(Runnable written) {
    if (closeCode == OPEN && pingWaiting == null) { // one waiting is enough
      pingWaiting = written;
      queue.add(PING);
      write(this);
    }
  }

  /** Whether the connection waits in its loop's list of writes to make. */
  private volatile boolean flushRequested;

  /**
   * The hub's thread asks for a write; the connection's loop makes it, between two selects, with
   * the reads it makes anyway. Measured against writing on the hub's thread (p2p-window, same
   * run): 159-181k deliveries/s at 5.5-6.5 µs of server CPU each, against 90-102k at 9.8-11.2 µs;
   * the hub's thread then only routes, and no thread sleeps and wakes for a write.
   */
  private static void write(WsConnection connection) {
    if (connection.loop.inLoop()) {
      connection.drain();
    } else if (!connection.flushRequested) {
      connection.flushRequested = true;
      connection.loop.flushLater(connection);
    }
  }

  /** On the loop: a write the hub's thread asked for. */
  void flushRequested() {
    flushRequested = false;
    drain();
  }

  @Override
  public void close(int code, String reason) {
    String fitted = CloseCodes.fitReason(reason);
    if (!CLOSE_CODE.compareAndSet(this, OPEN, code)) {
      return;
    }
    closeReason = fitted;
    if (code == CloseCodes.TRY_AGAIN_LATER) {
      // A slow consumer is not reading: what it was sent goes with it, and the close goes out next.
      // Any other close writes the queue first, so that its receipts hold.
      int dropped = 0;
      for (Object item : queue) {
        if (item instanceof String && queue.remove(item)) {
          QUEUED_CHARS.getAndAdd(this, -((String) item).length());
          dropped++;
        }
      }
      PENDING.getAndAdd(this, -dropped);
    }
    write(this);
    forceCloseLater();
  }

  @Override
  public int pendingFrames() {
    return pending;
  }

  @Override
  public long framesWritten() {
    return written;
  }

  // ---- Writing, by whoever drains. ----

  /** The socket can take more: the loop finishes the write the hub's thread began. */
  void writable() {
    key.interestOps(SelectionKey.OP_READ);
    drain();
  }

  private void drain() {
    if ((int) DRAINERS.getAndAdd(this, 1) != 0) {
      return;
    }
    int missed = 1;
    do {
      try {
        write();
      } catch (IOException e) {
        drop(e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "wshub: writing to a connection failed; dropping it", e);
        drop("unexpected server error");
      }
      missed = (int) DRAINERS.getAndAdd(this, -missed) - missed;
    } while (missed != 0);
  }

  private void write() throws IOException {
    if (finished) {
      return;
    }
    if (closeSent && out == null && endAfterClose) {
      drop(null); // the client's close came after ours went out
      return;
    }
    if (out != null) {
      channel.write(out);
      if (out.hasRemaining()) {
        waitForWritable();
        return;
      }
      out = null;
      wrote(outTexts, outPing);
      outPing = null;
      if (closeSent && after()) {
        return;
      }
    }
    while (true) {
      ByteBuffer buffer = Frames.scratch();
      int texts = 0;
      Runnable pinged = null;
      for (Object item; (item = queue.peek()) != null; ) {
        byte[] payload = Frames.payload(item, PING);
        int size = Frames.size(item, payload);
        if (size > buffer.remaining()) {
          if (buffer.position() > 0) {
            break;
          }
          buffer = ByteBuffer.allocate(size); // a frame larger than the scratch buffer goes alone
        }
        queue.poll();
        Frames.put(buffer, item, payload);
        if (item instanceof String text) {
          texts++;
          QUEUED_CHARS.getAndAdd(this, -text.length());
        } else if (item == PING) {
          pinged = pingWaiting;
          pingWaiting = null;
        } else if (item instanceof Pong) {
          pongQueued = false;
        }
      }
      int code = closeCode;
      boolean closing = false;
      if (code != OPEN && !closeSent && queue.isEmpty() && buffer.remaining() >= 2 + 125) {
        closeSent = true;
        closing = true;
        if (code != HTTP_ONLY) {
          buffer.put(Frames.close(code, closeReason));
        }
      }
      if (buffer.position() == 0) {
        return;
      }
      buffer.flip();
      channel.write(buffer);
      if (buffer.hasRemaining()) {
        out = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        outTexts = texts;
        outPing = pinged;
        waitForWritable();
        return;
      }
      wrote(texts, pinged);
      if (closing && after()) {
        return;
      }
      if (queue.isEmpty()) {
        return;
      }
    }
  }

  private void wrote(int texts, Runnable pinged) {
    if (texts > 0) {
      PENDING.getAndAdd(this, -texts);
      written += texts;
    }
    if (pinged != null) {
      pinged.run(); // the hub counts the client's answer window from now
    }
  }

  /** After the last frame (or response): returns true when the connection is done writing. */
  private boolean after() throws IOException {
    if (closeCode == HTTP_ONLY) {
      channel.shutdownOutput(); // the client reads the response, then ends the connection
    } else if (endAfterClose) {
      drop(null); // both close frames are out, or the stream is broken
    }
    return true; // otherwise the client's answering close frame, or the forced close, ends it
  }

  private void waitForWritable() {
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    if (!loop.inLoop()) {
      loop.selector.wakeup();
    }
  }

  /** A client that never answers a close, or never reads its response, is dropped after the write timeout. */
  private void forceCloseLater() {
    long millis = Math.max(1, loop.server.settings.hub().config().writeTimeout().toMillis());
    if (!finished) {
      forced = loop.server.timer.schedule(() -> drop("the close was not answered in time"), millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Ends the TCP connection now, and tells the hub if it does not know yet. Any thread, any number of times. */
  void drop(String why) {
    if (!FINISHED.compareAndSet(this, false, true)) {
      return;
    }
    if (why != null) {
      LOG.log(Level.DEBUG, () -> "wshub: connection ended: " + why);
    }
    try {
      channel.close(); // cancels the key
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "wshub: closing a channel failed", e);
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    ScheduledFuture<?> timeout = forced;
    if (timeout != null) {
      timeout.cancel(false);
    }
    queue.clear();
    tellHub(ABNORMAL, why == null ? "" : why);
  }

  private void tellHub(int code, String reason) {
    Connection<?> connection = hub;
    if (connection != null && !hubTold) {
      hubTold = true;
      connection.closed(code, reason);
    }
  }

  // ---- Encoding. ----

  /** Server frames (unmasked), and the scratch buffer a drain fills. */
  static final class Frames {

    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));
    /** The last text this thread encoded: a broadcast encodes its frame once, not once per receiver. */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);
    private static final byte[] PING_FRAME = {(byte) 0x89, 0};

    private Frames() {}

    static ByteBuffer scratch() {
      ByteBuffer buffer = SCRATCH.get();
      buffer.clear();
      return buffer;
    }

    /** What goes after the header: a text's UTF-8 (the last one kept), a pong's data, raw bytes as they are. */
    static byte[] payload(Object item, Object ping) {
      if (item instanceof String text) {
        Object[] last = LAST.get();
        if (last[0] == text) {
          return (byte[]) last[1];
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        last[0] = text;
        last[1] = bytes;
        return bytes;
      }
      if (item == ping) {
        return PING_FRAME;
      }
      if (item instanceof Pong pong) {
        return pong.payload();
      }
      return (byte[]) item;
    }

    /** The bytes {@link #put} writes. */
    static int size(Object item, byte[] payload) {
      return item instanceof String || item instanceof Pong ? headerSize(payload.length) + payload.length : payload.length;
    }

    static void put(ByteBuffer buffer, Object item, byte[] payload) {
      if (item instanceof String) {
        header(buffer, 0x81, payload.length);
      } else if (item instanceof Pong) {
        header(buffer, 0x8A, payload.length);
      }
      buffer.put(payload);
    }

    private static int headerSize(int length) {
      return length < 126 ? 2 : length < 65536 ? 4 : 10;
    }

    private static void header(ByteBuffer buffer, int first, int length) {
      buffer.put((byte) first);
      if (length < 126) {
        buffer.put((byte) length);
      } else if (length < 65536) {
        buffer.put((byte) 126).putShort((short) length);
      } else {
        buffer.put((byte) 127).putLong(length);
      }
    }

    static byte[] close(int code, String reason) {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + text.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(text, 0, payload, 2, text.length);
      return frame(0x88, payload);
    }

    private static byte[] frame(int first, byte[] payload) {
      int length = payload.length;
      int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
      byte[] frame = new byte[header + length];
      frame[0] = (byte) first;
      if (length < 126) {
        frame[1] = (byte) length;
      } else if (length < 65536) {
        frame[1] = 126;
        frame[2] = (byte) (length >> 8);
        frame[3] = (byte) length;
      } else {
        frame[1] = 127;
        for (int i = 0; i < 8; i++) {
          frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
        }
      }
      System.arraycopy(payload, 0, frame, header, length);
      return frame;
    }
  }
}
