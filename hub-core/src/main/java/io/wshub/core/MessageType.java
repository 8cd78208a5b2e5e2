package io.wshub.core;

/**
 * The message types of protocol v1: 0 to 4 as the original design has them, 5 to 8 for rooms and
 * presence (a client that sends none of those sees no difference). Applications add their own types with
 * {@link HubBuilder#route(int, RoutingRule)}.
 */
public final class MessageType {

  /** 0: reserved by protocol v1; not routed, answered with an error. */
  public static final int CONNECT = 0;

  /** 1: a 1-to-1 message to {@code receiver}, answered with a receipt. */
  public static final int SEND = 1;

  /** 2: receipts and errors, sent by the server only, with the system id as sender. */
  public static final int SYSTEM = 2;

  /** 3: a message to every connected client, the sender included. */
  public static final int BROADCAST = 3;

  /** 4: the client asks the server to close its connection (1000). */
  public static final int CLOSE = 4;

  /** 5: this connection joins {@code room}; answered with {@code "joined"}. */
  public static final int JOIN = 5;

  /** 6: this connection leaves {@code room}; answered with {@code "left"}. */
  public static final int LEAVE = 6;

  /** 7: a message to every connection in {@code room}, the sender's included; members only. */
  public static final int ROOM = 7;

  /** 8: who is online: the ids in {@code room} (members only), or whether {@code receiver} is. */
  public static final int PRESENCE = 8;

  private MessageType() {}

  /**
   * A readable name for {@code type}, for error messages and logs.
   *
   * @param type a message type
   * @return the protocol name, such as {@code "SEND"}, or the number for other types
   */
  public static String name(int type) {
    return switch (type) {
      case CONNECT -> "CONNECT";
      case SEND -> "SEND";
      case SYSTEM -> "SYSTEM";
      case BROADCAST -> "BROADCAST";
      case CLOSE -> "CLOSE";
      case JOIN -> "JOIN";
      case LEAVE -> "LEAVE";
      case ROOM -> "ROOM";
      case PRESENCE -> "PRESENCE";
      default -> Integer.toString(type);
    };
  }
}
