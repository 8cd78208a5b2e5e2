package io.wshub.core;

import java.util.List;

/**
 * One protocol message: {@code {"type":1,"sender":1,"receiver":2,"content":"hi"}}, and for rooms
 * {@code {"type":7,"sender":1,"room":"lobby","content":"hi"}}.
 *
 * <p>Messages decoded from a client carry the client's {@link #frame() frame}, which is what the
 * hub forwards: the client's own text, with {@code sender} set to the id the connection was
 * accepted with and unknown fields kept. Messages made on the server (with {@link #of} or
 * {@link #toRoom}) have no frame; the hub's {@link MessageCodec} encodes them.
 *
 * @param type the message type, see {@link MessageType}
 * @param sender who sent it: for a decoded message always the id of the connection it came from;
 *     the system id for the hub's own messages; {@code null} if absent
 * @param receiver the id it is addressed to, or {@code null} if absent
 * @param room the room it is about (JOIN, LEAVE, ROOM, PRESENCE and their replies), or {@code null}
 *     if absent; as the client wrote it, not yet checked against {@link RoomNames}
 * @param content the text content, or {@code null} if absent
 * @param members the ids of a PRESENCE reply ({@code "members":[...]}), or {@code null}; the hub
 *     writes them and never reads them from a client (a client's {@code members} is forwarded as
 *     any unknown field)
 * @param frame the text frame this message is forwarded as, or {@code null} for a message made on
 *     the server
 * @param <Id> the id type
 */
public record Message<Id>(int type, Id sender, Id receiver, String room, String content, List<Id> members,
    String frame) {

  /**
   * A message without room or members, as protocol v1 has it.
   *
   * @param type the message type
   * @param sender the sender id, or {@code null}
   * @param receiver the receiver id, or {@code null}
   * @param content the content, or {@code null}
   * @param frame the frame to forward, or {@code null} to have the codec encode it
   */
  public Message(int type, Id sender, Id receiver, String content, String frame) {
    this(type, sender, receiver, null, content, null, frame);
  }

  /**
   * The canonical constructor; it keeps {@code members} immutable.
   *
   * @param type the message type
   * @param sender the sender id, or {@code null}
   * @param receiver the receiver id, or {@code null}
   * @param room the room, or {@code null}
   * @param content the content, or {@code null}
   * @param members the ids of a PRESENCE reply, or {@code null}; copied
   * @param frame the frame to forward, or {@code null} to have the codec encode it
   */
  public Message {
    members = members == null ? null : List.copyOf(members);
  }

  /**
   * A message made on the server, to be encoded by the hub's codec.
   *
   * @param type the message type
   * @param sender the sender id, usually the system id ({@link IdCodec#system()})
   * @param receiver the receiver id, or {@code null}
   * @param content the content, or {@code null}
   * @param <Id> the id type
   * @return the message, with no frame
   */
  public static <Id> Message<Id> of(int type, Id sender, Id receiver, String content) {
    return new Message<>(type, sender, receiver, null, content, null, null);
  }

  /**
   * A message made on the server for a room, such as
   * {@code Message.toRoom(MessageType.ROOM, 0L, "lobby", "welcome")}, to be encoded by the hub's
   * codec: {@code {"type":7,"sender":0,"room":"lobby","content":"welcome"}}.
   *
   * @param type the message type
   * @param sender the sender id, usually the system id ({@link IdCodec#system()})
   * @param room the room
   * @param content the content, or {@code null}
   * @param <Id> the id type
   * @return the message, with no frame
   */
  public static <Id> Message<Id> toRoom(int type, Id sender, String room, String content) {
    return new Message<>(type, sender, null, room, content, null, null);
  }
}
