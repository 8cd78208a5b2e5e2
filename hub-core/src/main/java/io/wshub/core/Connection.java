package io.wshub.core;

/**
 * What a transport tells the hub about one connection, from {@link Hub#connect} on.
 *
 * <p>Call these from the transport's threads, one event at a time per connection (as JSR-356
 * containers deliver them). {@link #receive} decodes the frame on the calling thread and hands
 * the result to the hub's mailbox; it waits only while the hub is behind by a whole
 * {@linkplain HubBuilder#inboundQueue(int) inbound queue} of frames, which is how a container is
 * made to stop reading from clients that flood. The others never block.
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
   * The client broke the protocol below the hub's messages (a binary frame, text that is not
   * UTF-8, a frame the transport refused): the hub counts it in {@link HubStats#protocolErrors()},
   * tells its listeners, and closes the connection with {@code code}. Nothing is logged above
   * {@code DEBUG}: it is the client's mistake, not the server's.
   *
   * @param code the close code to close with, such as 1003 for a binary frame
   * @param problem what the client did wrong, in a few words
   */
  void fail(int code, String problem);

  /**
   * The connection is gone: the client closed it, or the transport lost it. The hub forgets it.
   * Calling this after the hub itself closed the connection is harmless.
   *
   * @param code the close code, as the transport saw it
   * @param reason the close reason, or an empty string
   */
  void closed(int code, String reason);
}
