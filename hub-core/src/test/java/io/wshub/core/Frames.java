package io.wshub.core;

/** Frames the hub-core tests send and expect, written once. */
final class Frames {

  /** A SEND from 1 to 2 whose sender is already right, so it is forwarded as is. */
  static final String SEND_TO_2 = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hi\"}";

  private Frames() {}

  /** The receipt the sender of a SEND to {@code receiver} gets. */
  static String receipt(Object receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }
}
