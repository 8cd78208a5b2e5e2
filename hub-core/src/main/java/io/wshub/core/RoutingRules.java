package io.wshub.core;

/**
 * The routing rules of protocol v1, the hub's defaults. Public so that an application can wrap
 * one (log, then do what the protocol does) or put one under another type.
 */
public final class RoutingRules {

  private RoutingRules() {}

  /**
   * SEND: deliver to {@code receiver}, then answer the sender with "success send" or
   * "not online". A SEND without a receiver earns an error reply.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> send() {
    return (message, context) -> {
      Id receiver = message.receiver();
      if (receiver == null) {
        context.replyError("a SEND message needs a \"receiver\"");
        return;
      }
      context.receipt(receiver, context.send(receiver, message));
    };
  }

  /**
   * BROADCAST: deliver to every connection, the sender's included. No receipt (protocol v1 has none for it).
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> broadcast() {
    return (message, context) -> context.broadcast(message);
  }

  /**
   * CLOSE: close the sender's connection with {@link CloseCodes#NORMAL}. Nothing is forwarded.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> close() {
    return (message, context) -> context.closeSender(CloseCodes.NORMAL, "closed at the client's request");
  }

  /**
   * For types no rule claims, and for CONNECT and SYSTEM: an error reply naming the type;
   * nothing is forwarded and the connection stays open.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> unsupported() {
    return (message, context) -> context.replyError(switch (message.type()) {
      case MessageType.CONNECT -> "type 0 (CONNECT) is reserved and not routed";
      case MessageType.SYSTEM -> "type 2 (SYSTEM) is sent by the server only";
      default -> "unsupported message type " + message.type();
    });
  }
}
