package io.wshub.core;

import java.time.Duration;

/**
 * Hears what happens to connections. Every method has a no-op default: implement what you need.
 *
 * <p>Called on the hub's own thread, in the order things happen. Implementations must be quick
 * and must not block: while they run, nothing is routed. An exception is logged and ignored.
 *
 * @param <Id> the id type
 */
public interface HubListener<Id> {

  /**
   * A connection was accepted and is now registered.
   *
   * @param id its id
   */
  default void onConnect(Id id) {}

  /**
   * A registered connection is gone: closed by the client, by the transport, or by the hub. It
   * has left its rooms already ({@link #onLeave}).
   *
   * @param id its id
   * @param code the close code
   * @param reason the close reason
   */
  default void onDisconnect(Id id, int code, String reason) {}

  /**
   * A connection joined a room (by JOIN, by its rule's {@link RoutingContext#join}, or by
   * {@link Hub#join}).
   *
   * @param id its id
   * @param room the room
   * @param firstOfId whether it is the first connection of {@code id} in the room: {@code id}'s
   *     presence there begins, and the room's other connections were told {@code "joined"}. With a
   *     {@linkplain HubBuilder#backplane backplane} listeners hear of this node's connections only,
   *     and this says whether it is the id's first connection in the room <em>on this node</em>;
   *     whether the id was in the room through another node too is the cluster's to say, and the
   *     room's members everywhere are told accordingly
   */
  default void onJoin(Id id, String room, boolean firstOfId) {}

  /**
   * A connection left a room: by LEAVE, by the server, or because it closed. For a closed
   * connection this comes for each of its rooms before {@link #onDisconnect}.
   *
   * @param id its id
   * @param room the room
   * @param lastOfId whether it was the last connection of {@code id} in the room: {@code id}'s
   *     presence there ends, and the room's other connections were told {@code "left"}. With a
   *     backplane: its last connection in the room on this node, as for {@link #onJoin}
   */
  default void onLeave(Id id, String room, boolean lastOfId) {}

  /**
   * A connection was refused before it was registered (duplicate id under
   * {@link DuplicateIdPolicy#REJECT_NEW}, the system id, or the hub shutting down).
   *
   * @param id the id it asked for
   * @param code the close code it was given
   * @param reason why
   */
  default void onReject(Id id, int code, String reason) {}

  /**
   * Something went wrong with what a connection sent: an invalid frame (answered with an error
   * reply), or a routing rule that threw (the connection is closed with
   * {@link CloseCodes#UNEXPECTED_CONDITION}).
   *
   * @param id the connection's id
   * @param problem what went wrong
   * @param cause the exception, or {@code null} for an invalid frame
   */
  default void onError(Id id, String problem, Throwable cause) {}

  /**
   * The hub's {@linkplain HubBuilder#backplane backplane} lost the cluster, or found it again.
   * Meanwhile the hub serves its own connections and rooms; what needs another node is answered
   * with an error reply (SEND, PRESENCE, and BROADCAST or ROOM after their local delivery) or a
   * failed future ({@link Hub#send}, {@link Hub#isOnline}, {@link Hub#sendToRoom}, {@link Hub#members}
   * ...). A hub built while the cluster cannot be reached hears {@code false} at once.
   *
   * @param reachable whether the cluster can be reached now
   */
  default void onClusterReachable(boolean reachable) {}

  /**
   * The hub measured its own lag: how long a frame that arrived at the moment of the measurement
   * waited for the hub's thread before it was routed (behind the frames and commands queued before
   * it; decoding, and a reader's wait at a full {@linkplain HubBuilder#inboundQueue(int) inbound
   * queue}, are not counted). Measured once per heartbeat sweep (a tenth of the shortest timeout,
   * at most a second), one measurement at a time: an idle hub reports close to zero, one that
   * falls behind reports how far.
   *
   * @param lag the time the measurement waited
   */
  default void onLag(Duration lag) {}
}
