package io.wshub.core;

/**
 * What a transport gives the hub for one connection: the way out to the client.
 *
 * <p>The hub calls these methods from its own thread only, and never waits on them: they must
 * return at once. Writes happen later, on the transport's threads.
 *
 * <p>Frames are handed over in bursts: the hub {@linkplain #send(String) sends} to a port while
 * it works through the commands waiting in its mailbox, then {@linkplain #flush() flushes} every
 * port it sent to, once per burst. A transport may write each frame as it arrives, or hold them
 * until the flush and write them together, several frames in one write.
 */
public interface ClientPort {

  /**
   * Queues a text frame for the client, without blocking. A port bounds its queue by
   * {@link HubConfig#outboundQueueBytes()}, counting each frame's {@code length()}.
   *
   * @param frame the text to send
   * @return {@code true} if the frame was accepted into the outbound queue, and will be written
   *     unless the client stops reading or goes away; {@code false} if the queue is full (the hub
   *     then closes the connection as a slow consumer, {@link CloseCodes#TRY_AGAIN_LATER}) or the
   *     port is no longer {@linkplain #isOpen() open}
   */
  boolean send(String frame);

  /**
   * Whether the port still takes frames: {@code false} once it is closing or closed, by either
   * side. The hub asks after a refused {@link #send}, so that a frame for a connection on its way
   * out counts as not delivered rather than as a slow consumer.
   *
   * <p>The default says open, for ports that never refuse a frame for being closed.
   *
   * @return {@code true} while the port takes frames
   */
  default boolean isOpen() {
    return true;
  }

  /**
   * Starts writing the frames {@linkplain #send(String) sent} since the last flush, if they are
   * not on their way already. The hub calls it once at the end of each burst of commands for every
   * port it sent to in that burst (a burst ends when the mailbox runs empty, and after at most 256
   * commands while it does not), and before it closes a port. Must not block.
   *
   * <p>The default does nothing, for ports that write on {@code send}.
   */
  default void flush() {}

  /**
   * Sends a ping; the transport reports the answer with {@link Connection#pong()}. A port that
   * writes pings later than this call (behind queued frames, on another thread) implements
   * {@link #ping(Runnable)} too.
   */
  void ping();

  /**
   * Sends a ping and runs {@code written} once it has been written to the network (handed to the
   * socket whole), from whichever thread wrote it. The client's answer window (the idle timeout
   * less the ping interval) counts from then, so a ping that waits behind other writes does not
   * shorten it; a ping that is never written is the write timeout's business: the hub closes the
   * connection with {@link CloseCodes#TRY_AGAIN_LATER} when no ping was written for the write
   * timeout after it asked. Several pings waiting at once may go out as one; run {@code written}
   * for it. A ping dropped because the connection is closing need not run it.
   *
   * <p>The hub calls this one. The default calls {@link #ping()} and runs {@code written} at once:
   * right for a port that writes the ping before {@code ping()} returns.
   *
   * @param written what to run once the ping is written; quick, and never throws
   */
  default void ping(Runnable written) {
    ping();
    written.run();
  }

  /**
   * Closes the connection with a close frame, or drops it if that cannot be written promptly.
   * Idempotent. The hub has already forgotten the connection when it calls this, and stops
   * sending to it.
   *
   * <p>The frames accepted before the close are written before the close frame, within the write
   * timeout: a receipt of "success send" stays true for a connection that is replaced, goes idle
   * or is shut down. The one exception is {@link CloseCodes#TRY_AGAIN_LATER}: that client is not
   * reading, so its queue is dropped (the hub counts those frames in
   * {@link HubStats#framesDropped()}).
   *
   * @param code a valid close code (1000-1003, 1007-1014, 3000-4999), see {@link CloseCodes}
   * @param reason a reason of at most 123 UTF-8 bytes
   */
  void close(int code, String reason);

  /**
   * How many frames are queued or being written. The hub reads this (with
   * {@link #framesWritten()}) to close a connection whose writes make no progress for the write
   * timeout, and to know when queues are drained at shutdown.
   *
   * @return the frames not yet written; 0 for a port that writes synchronously
   */
  default int pendingFrames() {
    return 0;
  }

  /**
   * How many frames have been written so far; only its changes matter.
   *
   * @return a count that grows as writes complete
   */
  default long framesWritten() {
    return 0;
  }
}
