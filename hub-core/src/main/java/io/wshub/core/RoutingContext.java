package io.wshub.core;

/**
 * What a {@link RoutingRule} can do with the message it routes: deliver it, answer the
 * connection it came from, or close that connection. Valid only while the rule runs, on the
 * hub's thread.
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
   * Delivers a message to every connection on this hub, the sender's included. The frame is
   * encoded once and shared.
   *
   * @param message the message
   * @return how many connections accepted it
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
   * Whether an id has a connection on this hub.
   *
   * @param id the id
   * @return {@code true} if it is connected
   */
  boolean isOnline(Id id);

  /**
   * The hub's id codec, for the system id and for formatting ids.
   *
   * @return the id codec
   */
  IdCodec<Id> ids();
}
