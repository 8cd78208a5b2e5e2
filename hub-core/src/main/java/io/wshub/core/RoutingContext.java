package io.wshub.core;

import java.util.List;

/**
 * What a {@link RoutingRule} can do with the message it routes: deliver it (to an id, a room or
 * everyone), answer the connection it came from, put it into rooms and out of them, or close it.
 * Valid only while the rule runs, on the hub's thread.
 *
 * <p>Every delivery goes into a connection's bounded outbound queue without waiting; a
 * connection whose queue is full is closed as a slow consumer ({@link CloseCodes#TRY_AGAIN_LATER})
 * and the delivery to it counts as not accepted.
 *
 * @param <Id> the id type
 */
public interface RoutingContext<Id> {

  /**
   * The id of the connection the message came from.
   *
   * @return the sender's id
   */
  Id sender();

  /**
   * Delivers a message to every connection of {@code receiver} on this hub.
   *
   * @param receiver the receiver's id
   * @param message the message (its frame is forwarded as is)
   * @return {@code true} if at least one connection accepted it
   */
  boolean send(Id receiver, Message<Id> message);

  /**
   * Delivers a message to every connection, the sender's included: on this hub, and with a
   * {@linkplain HubBuilder#backplane backplane} on every node of the cluster. The frame is encoded
   * once and shared. When the other nodes cannot be reached, the sender gets an error reply saying
   * that only this hub's connections had it.
   *
   * @param message the message
   * @return how many connections on this hub accepted it
   */
  int broadcast(Message<Id> message);

  /**
   * Sends a message to the connection the routed message came from (only that one, even when
   * its id has several).
   *
   * @param message the message
   */
  void reply(Message<Id> message);

  /**
   * Answers a SEND with the protocol's receipt: {@code "success send"} or {@code "not online"},
   * from the system id, with {@code receiver} as the original receiver.
   *
   * @param receiver the receiver the SEND was addressed to
   * @param delivered whether it was accepted
   */
  void receipt(Id receiver, boolean delivered);

  /**
   * Delivers a message to {@code receiver} wherever it is connected, and answers the sender with
   * the protocol's receipt, as SEND does. Without a {@linkplain HubBuilder#backplane backplane} it
   * is {@code receipt(receiver, send(receiver, message))}. With one, the receipt says what the
   * cluster did: when no connection on this hub accepted the message, the other nodes are asked,
   * and the receipt follows when they have answered (after receipts for later messages to ids on
   * this hub, possibly); when the cluster cannot be asked, the sender gets an error reply naming
   * the receiver instead. Messages from one sender to one receiver keep their order either way.
   *
   * @param receiver the receiver's id
   * @param message the message (its frame is forwarded as is)
   */
  void forward(Id receiver, Message<Id> message);

  /**
   * Answers the sender whether {@code id} is online, as PRESENCE does:
   * {@code {"type":2,"sender":0,"receiver":ID,"content":"online"}} or {@code "not online"}. With a
   * {@linkplain HubBuilder#backplane backplane}, an id with no connection here is looked for on
   * the other nodes, and the answer follows when they have answered (an error reply when the
   * cluster cannot be asked).
   *
   * @param id the id asked about
   */
  void replyOnline(Id id);

  /**
   * Answers with an error: {@code {"type":2,"sender":0,"receiver":OWN_ID,"content":"error: ..."}}.
   * The connection stays open.
   *
   * @param problem what was wrong, in words the client can act on
   */
  void replyError(String problem);

  /**
   * Closes the connection the message came from.
   *
   * @param code the close code, see {@link CloseCodes}
   * @param reason a short reason
   */
  void closeSender(int code, String reason);

  /**
   * Whether an id has a connection on this hub (not the cluster's other nodes: for those, see
   * {@link #replyOnline}).
   *
   * @param id the id
   * @return {@code true} if it is connected
   */
  boolean isOnline(Id id);

  /**
   * Puts the sender's connection into {@code room}, as JOIN does: it is told {@code "joined"}, the
   * room's other connections are told when the sender's id was not in it yet, and listeners hear
   * {@link HubListener#onJoin}. Already in the room: told {@code "joined"} again, nothing else.
   *
   * @param room the room; check a client's text with {@link RoomNames#isValid} first
   * @return {@code true} if the connection is in the room now, {@code false} if it is at its
   *     {@linkplain HubBuilder#maxRoomsPerConnection(int) room limit} (nothing happened)
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  boolean join(String room);

  /**
   * Takes the sender's connection out of {@code room}, as LEAVE does: it is told {@code "left"},
   * the room's other connections are told when that was the id's last connection there, and
   * listeners hear {@link HubListener#onLeave}.
   *
   * @param room the room
   * @return {@code true} if it was in the room, {@code false} if not (nothing happened)
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  boolean leave(String room);

  /**
   * Whether the sender's connection is in {@code room}.
   *
   * @param room the room
   * @return {@code true} if it is a member
   */
  boolean inRoom(String room);

  /**
   * Delivers a message to every connection in {@code room}, the sender's included. The frame is
   * encoded once and shared, as for {@link #broadcast}. With a {@linkplain HubBuilder#backplane
   * backplane} the room's members on every node get it; when the other nodes cannot be reached,
   * this hub's members still do and the sender gets an error reply saying so.
   *
   * @param room the room
   * @param message the message (its frame is forwarded as is)
   * @return how many connections on this hub accepted it
   */
  int sendToRoom(String room, Message<Id> message);

  /**
   * Delivers a message to every connection in {@code room} except those of {@code except}, such
   * as a notice about the sender to everyone else in the room; cluster-wide as
   * {@link #sendToRoom(String, Message)}.
   *
   * @param room the room
   * @param message the message
   * @param except the id whose connections are left out
   * @return how many connections on this hub accepted it
   */
  int sendToRoom(String room, Message<Id> message, Id except);

  /**
   * The ids in {@code room} on this hub, each once, ascending, as {@link Hub#members} orders them.
   * With a {@linkplain HubBuilder#backplane backplane} that is this node's members only: use
   * {@link #replyMembers} to answer for the cluster.
   *
   * @param room the room
   * @return the ids; empty if the room has no members here
   */
  List<Id> members(String room);

  /**
   * Answers the sender with the ids in {@code room}, as PRESENCE does:
   * {@code {"type":2,"sender":0,"receiver":OWN,"room":R,"content":"members","members":[...]}}, each
   * id once, ascending. With a {@linkplain HubBuilder#backplane backplane} the members on every
   * node are listed, and the answer follows when the cluster has answered (an error reply when it
   * cannot be asked).
   *
   * @param room the room
   * @throws IllegalArgumentException if {@code room} is not a valid room name
   */
  void replyMembers(String room);

  /**
   * The settings of the hub the rule runs in, such as its room limit.
   *
   * @return the settings
   */
  HubConfig<Id> config();

  /**
   * The hub's id codec, for the system id and for formatting ids.
   *
   * @return the id codec
   */
  IdCodec<Id> ids();
}
