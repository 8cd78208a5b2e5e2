package io.wshub.adversarial;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Protocol v1's frames, as the suite's clients write them and read them back. */
final class V1 {

  private V1() {}

  static String send(long receiver, String content) {
    return "{\"type\":1,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String success(long receiver) {
    return receipt(receiver, "success send");
  }

  static String notOnline(long receiver) {
    return receipt(receiver, "not online");
  }

  static boolean isSuccess(String text) {
    return text.startsWith("{\"type\":2,") && text.endsWith("\"content\":\"success send\"}");
  }

  static boolean isNotOnline(String text) {
    return text.startsWith("{\"type\":2,") && text.endsWith("\"content\":\"not online\"}");
  }

  /** The {@code receiver} a receipt is about. */
  static long receiptFor(String receipt) {
    int at = receipt.indexOf("\"receiver\":") + 11;
    int end = at;
    while (Character.isDigit(receipt.charAt(end))) {
      end++;
    }
    return Long.parseLong(receipt.substring(at, end));
  }

  /** Many text frames as one write: a burst as fast as the client's socket takes it. */
  static byte[] burst(List<String> texts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String text : texts) {
      ByteBuffer frame = WireClient.frame(0x81, text.getBytes(StandardCharsets.UTF_8));
      bytes.write(frame.array(), 0, frame.limit());
    }
    return bytes.toByteArray();
  }
}
