package io.wshub.core;

/**
 * The routing rules of protocol v1, the hub's defaults: SEND, BROADCAST, CLOSE, and JOIN, LEAVE,
 * ROOM and PRESENCE for rooms. Public so that an application can wrap
 * one (log, then do what the protocol does) or put one under another type.
 */
public final class RoutingRules {

  private RoutingRules() {}

  /**
   * SEND: deliver to {@code receiver}, then answer the sender with "success send" or
   * "not online" ({@link RoutingContext#forward}: cluster-wide with a backplane). A SEND without a
   * receiver earns an error reply.
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
      context.forward(receiver, message);
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
   * JOIN: the sender's connection joins {@code room} and is told {@code "joined"}; the room's other
   * connections get the same frame when the sender's id is new there. A missing or invalid room,
   * or a connection at its room limit, earns an error reply.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> join() {
    return (message, context) -> {
      String room = room(message, context, "JOIN");
      if (room != null && !context.join(room)) {
        context.replyError("room limit: a connection may be in at most "
            + context.config().maxRoomsPerConnection() + " rooms; leave one first");
      }
    };
  }

  /**
   * LEAVE: the sender's connection leaves {@code room} and is told {@code "left"}; the room's other
   * connections get the same frame when that was the id's last connection there. Leaving a room
   * the connection is not in earns an error reply.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> leave() {
    return (message, context) -> {
      String room = room(message, context, "LEAVE");
      if (room != null && !context.leave(room)) {
        context.replyError(notInRoom(room));
      }
    };
  }

  /**
   * ROOM: deliver to every connection in {@code room}, the sender's included, forwarded as SEND
   * forwards (sender stamped, {@code room} and unknown fields kept). No receipt, as for BROADCAST.
   * From a connection that is not in the room: an error reply, nothing delivered. With a backplane
   * the room's members on every node get it; when the other nodes cannot be reached, this node's
   * members still do and the sender gets an error reply saying so.
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> room() {
    return (message, context) -> {
      String room = room(message, context, "ROOM");
      if (room == null) {
        return;
      }
      if (!context.inRoom(room)) {
        context.replyError(notInRoom(room));
        return;
      }
      context.sendToRoom(room, message);
    };
  }

  /**
   * PRESENCE: with {@code room} (members only), the ids in it:
   * {@code {"type":2,"sender":0,"receiver":OWN,"room":R,"content":"members","members":[...]}}; with
   * {@code receiver} and no {@code room}, {@code "online"} or {@code "not online"} with
   * {@code receiver} as asked. With neither: an error reply. With a backplane both answer for the
   * whole cluster ({@link RoutingContext#replyMembers}, {@link RoutingContext#replyOnline}).
   *
   * @param <Id> the id type
   * @return the rule
   */
  public static <Id> RoutingRule<Id> presence() {
    return (message, context) -> {
      if (message.room() == null && message.receiver() != null) {
        context.replyOnline(message.receiver());
        return;
      }
      if (message.room() == null) {
        context.replyError("a PRESENCE message needs a \"room\" or a \"receiver\"");
        return;
      }
      String room = room(message, context, "PRESENCE");
      if (room == null) {
        return;
      }
      if (!context.inRoom(room)) {
        context.replyError(notInRoom(room));
        return;
      }
      context.replyMembers(room);
    };
  }

  /** The message's room if it is valid; otherwise null, and the sender was told what is wrong. */
  private static <Id> String room(Message<Id> message, RoutingContext<Id> context, String type) {
    String room = message.room();
    if (room == null) {
      context.replyError("a " + type + " message needs a \"room\"");
      return null;
    }
    if (!RoomNames.isValid(room)) {
      context.replyError(RoomNames.problem(room));
      return null;
    }
    return room;
  }

  private static String notInRoom(String room) {
    return "not in room \"" + room + "\"";
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
