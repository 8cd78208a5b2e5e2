package io.wshub.core;

/**
 * What a transport tells the hub about one connection, from {@link Hub#connect} on.
 *
 * <p>Call these from the transport's threads, one event at a time per connection (as JSR-356
 * containers deliver them). None of them blocks: {@link #receive} decodes the frame on the
 * calling thread and hands the result to the hub's mailbox.
 *
 * @param <Id> the id type
 */
public interface Connection<Id> {

  /**
   * The id this connection was accepted with: the {@code sender} of everything it sends.
   *
   * @return the id
   */
  Id id();

  /**
   * A text frame arrived from the client. Frames over the size limit close the connection
   * ({@link CloseCodes#TOO_BIG}); frames that are not messages earn an error reply.
   *
   * @param frame the text frame
   */
  void receive(String frame);

  /** A pong arrived: the client is alive. */
  void pong();

  /**
   * The connection is gone: the client closed it, or the transport lost it. The hub forgets it.
   * Calling this after the hub itself closed the connection is harmless.
   *
   * @param code the close code, as the transport saw it
   * @param reason the close reason, or an empty string
   */
  void closed(int code, String reason);
}
