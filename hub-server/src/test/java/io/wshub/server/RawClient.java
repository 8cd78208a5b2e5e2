package io.wshub.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A client that writes exactly the bytes a test says, for what well-behaved clients never send. */
final class RawClient implements AutoCloseable {

  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** An opcode and payload the server sent. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
    }
  }

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects and upgrades {@code path}; fails unless the server answers 101. */
  static RawClient upgraded(int port, String path) throws IOException {
    RawClient client = new RawClient(port);
    client.write(upgrade(path, "13"));
    String head = client.readHead();
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new AssertionError("not upgraded: " + head);
    }
    return client;
  }

  static String upgrade(String path, String version) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
  }

  void write(String ascii) throws IOException {
    out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends one frame, masked unless told otherwise. */
  void frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
    write(encode(fin, opcode, payload, masked));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  static byte[] encode(boolean fin, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int length = payload.length;
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      frame.write(maskBit | length);
    } else {
      frame.write(maskBit | 126);
      frame.write(length >> 8);
      frame.write(length);
    }
    if (masked) {
      frame.write(MASK, 0, MASK.length);
    }
    for (int i = 0; i < length; i++) {
      frame.write(masked ? payload[i] ^ MASK[i & 3] : payload[i]);
    }
    return frame.toByteArray();
  }

  void text(String text) throws IOException {
    frame(true, 1, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** The HTTP response head, up to its blank line. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended inside a response head: " + head);
      }
      head.write(b);
      byte[] bytes = head.toByteArray();
      int n = bytes.length;
      if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** Everything until the server ends the connection. */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  Frame next() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    if ((b1 & 0x80) != 0) {
      throw new AssertionError("the server masked a frame");
    }
    long length = b1 & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(b0 & 0x0F, payload);
  }

  /** Whether the server ended the connection (end of stream) within the socket's timeout. */
  boolean endedByServer() throws IOException {
    try {
      InputStream stream = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        if (stream.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return "RawClient" + Arrays.toString(new int[] {socket.getLocalPort()});
  }
}
