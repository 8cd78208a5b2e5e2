package io.wshub.benchmarks.load;

/**
 * Protocol v1 frames as the load tool writes and reads them. Reading is a scan for the few
 * fields the tool needs, not a JSON parser: the tool must stay cheaper than the server, and
 * it only reads what servers send it, whose content it wrote itself (no quotes, no escapes).
 */
final class V1 {

  static final int SEND = 1;
  static final int SYSTEM = 2;
  static final int BROADCAST = 3;
  static final int JOIN = 5;
  static final int ROOM = 7;

  static final String SUCCESS = "success send";
  static final String NOT_ONLINE = "not online";

  private V1() {}

  static String send(long receiver, String content) {
    return "{\"type\":1,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String broadcast(String content) {
    return "{\"type\":3,\"content\":\"" + content + "\"}";
  }

  static String join(String room) {
    return "{\"type\":5,\"room\":\"" + room + "\"}";
  }

  static String room(String room, String content) {
    return "{\"type\":7,\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
  }

  /** The content of a measured message: its number and the sender's {@code System.nanoTime}. */
  static String stamp(int seq, long sentNanos) {
    return "m" + seq + ":" + sentNanos;
  }

  /** The value of the numeric field {@code name}, or {@code missing} when absent. */
  static long number(String frame, String name, long missing) {
    int at = valueStart(frame, name);
    if (at < 0) {
      return missing;
    }
    return parseLong(frame, at, missing);
  }

  /** The value of the string field {@code name}, or null when absent. */
  static String string(String frame, String name) {
    int at = valueStart(frame, name);
    if (at < 0 || frame.charAt(at) != '"') {
      return null;
    }
    int end = frame.indexOf('"', at + 1);
    return end < 0 ? null : frame.substring(at + 1, end);
  }

  /**
   * The receiver a receipt answers for: its {@code receiver}, or, for wshub's error reply about a
   * message it has no receipt for ({@code "error: cluster unavailable: no receipt for the message to 7 ..."},
   * whose {@code receiver} is the sender itself), the id it names; {@code missing} when neither.
   */
  static long receiptReceiver(String frame, long missing) {
    String content = string(frame, "content");
    if (content != null && content.startsWith("error:")) {
      int at = content.indexOf(ABOUT);
      if (at >= 0) {
        return parseLong(content, at + ABOUT.length(), missing);
      }
    }
    return number(frame, "receiver", missing);
  }

  private static final String ABOUT = "the message to ";

  /** The message number of a stamped content in {@code frame}, or -1 when not one of ours. */
  static int stampSeq(String frame) {
    int at = stampStart(frame);
    return at < 0 ? -1 : (int) parseLong(frame, at + 1, -1);
  }

  /** The send time of a stamped content in {@code frame}; call only when {@link #stampSeq} found one. */
  static long stampNanos(String frame) {
    int at = frame.indexOf(':', stampStart(frame));
    return parseLong(frame, at + 1, 0);
  }

  private static int stampStart(String frame) {
    int at = valueStart(frame, "content");
    return at >= 0 && at + 1 < frame.length() && frame.charAt(at) == '"' && frame.charAt(at + 1) == 'm'
        ? at + 1
        : -1;
  }

  /** The index of the first character of {@code name}'s value, or -1. */
  private static int valueStart(String frame, String name) {
    int key = frame.indexOf('"' + name + '"');
    if (key < 0) {
      return -1;
    }
    int at = key + name.length() + 2;
    while (at < frame.length() && (frame.charAt(at) == ' ' || frame.charAt(at) == ':')) {
      at++;
    }
    return at < frame.length() ? at : -1;
  }

  private static long parseLong(String text, int at, long missing) {
    boolean negative = at < text.length() && text.charAt(at) == '-';
    int i = negative ? at + 1 : at;
    long value = 0;
    int digits = 0;
    for (; i < text.length(); i++, digits++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
    }
    if (digits == 0) {
      return missing;
    }
    return negative ? -value : value;
  }
}
