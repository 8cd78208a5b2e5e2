package io.wshub.core;

/**
 * One protocol message: {@code {"type":1,"sender":1,"receiver":2,"content":"hi"}}.
 *
 * <p>Messages decoded from a client carry the client's {@link #frame() frame}, which is what the
 * hub forwards: the client's own text, with {@code sender} set to the id the connection was
 * accepted with and unknown fields kept. Messages made on the server (with {@link #of}) have no
 * frame; the hub's {@link MessageCodec} encodes them.
 *
 * @param type the message type, see {@link MessageType}
 * @param sender who sent it: for a decoded message always the id of the connection it came from;
 *     the system id for the hub's own messages; {@code null} if absent
 * @param receiver the id it is addressed to, or {@code null} if absent
 * @param content the text content, or {@code null} if absent
 * @param frame the text frame this message is forwarded as, or {@code null} for a message made on
 *     the server
 * @param <Id> the id type
 */
public record Message<Id>(int type, Id sender, Id receiver, String content, String frame) {

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
    return new Message<>(type, sender, receiver, content, null);
  }
}
