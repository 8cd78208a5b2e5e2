package io.wshub.core;

/**
 * Turns text frames into {@link Message}s and back. The default is
 * {@link #json(IdCodec) protocol v1 JSON}.
 *
 * <p>Implementations must be thread-safe: the hub decodes on the transport's threads, so that
 * parsing spreads over cores and the hub's own thread only routes.
 *
 * @param <Id> the id type
 */
public interface MessageCodec<Id> {

  /**
   * Decodes a frame that arrived on the connection accepted as {@code from}.
   *
   * <p>The result's {@code sender} is {@code from}, whatever the client wrote, and its
   * {@link Message#frame() frame} is what the hub forwards.
   *
   * @param frame the text frame, as received
   * @param from the id of the connection it arrived on
   * @return the message
   * @throws InvalidFrameException if the frame is not a message; its text is sent back to the
   *     client in an error reply
   */
  Message<Id> decode(String frame, Id from);

  /**
   * Encodes a message: its {@link Message#frame() frame} when it has one, else new text.
   *
   * @param message the message
   * @return the text frame
   */
  String encode(Message<Id> message);

  /**
   * Protocol v1 JSON over Jackson's streaming parser. Decoding keeps unknown fields, and forwards
   * the client's text byte for byte when its {@code sender} is already right. It refuses a
   * known field given twice, wrong field types and trailing content.
   *
   * @param ids how ids are written in JSON
   * @param <Id> the id type
   * @return the codec
   */
  static <Id> MessageCodec<Id> json(IdCodec<Id> ids) {
    return new JsonMessageCodec<>(ids);
  }
}
