package io.wshub.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** RFC 6455 framing, as much as a client needs: masked frames out, unmasked frames in. */
final class Frames {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** A frame header needs at most this many bytes: 2, 8 of length, 4 of mask. */
  static final int MAX_HEADER = 14;

  private Frames() {}

  static ByteBuffer text(String text) {
    return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One final frame, masked with the key 0. A client must mask, and the server unmasks
   * whatever the key; a zero key makes our side's XOR free. The key's unpredictability only
   * guards intermediaries' caches against a hostile page, and there is none on loopback.
   */
  static ByteBuffer frame(int opcode, byte[] payload) {
    int length = payload.length;
    ByteBuffer out = ByteBuffer.allocate(MAX_HEADER + length);
    out.put((byte) (0x80 | opcode));
    if (length < 126) {
      out.put((byte) (0x80 | length));
    } else if (length <= 0xFFFF) {
      out.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      out.put((byte) (0x80 | 127)).putLong(length);
    }
    out.putInt(0); // the mask key
    out.put(payload);
    return out.flip();
  }

  /**
   * The length of the frame starting at {@code buffer}'s position, header included, or -1 while
   * its header is incomplete. The buffer's position is not moved.
   */
  static long frameLength(ByteBuffer buffer) {
    int at = buffer.position();
    int available = buffer.remaining();
    if (available < 2) {
      return -1;
    }
    int second = buffer.get(at + 1) & 0xFF;
    int header = (second & 0x80) != 0 ? 6 : 2;
    long length = second & 0x7F;
    if (length == 126) {
      header += 2;
      if (available < 4) {
        return -1;
      }
      length = buffer.getShort(at + 2) & 0xFFFF;
    } else if (length == 127) {
      header += 8;
      if (available < 10) {
        return -1;
      }
      length = buffer.getLong(at + 2);
    }
    return header + length;
  }

  /** The header length of the (complete) frame at {@code buffer}'s position. */
  static int headerLength(ByteBuffer buffer) {
    int second = buffer.get(buffer.position() + 1) & 0xFF;
    int length = second & 0x7F;
    int header = length == 126 ? 4 : length == 127 ? 10 : 2;
    return (second & 0x80) != 0 ? header + 4 : header;
  }
}
