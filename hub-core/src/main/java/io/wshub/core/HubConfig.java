package io.wshub.core;

import java.time.Duration;

/**
 * The settings a hub was built with; transports read them to size their queues and limits.
 * Defaults are protocol v1's values, see {@link HubBuilder}.
 *
 * @param ids how ids are parsed and written
 * @param pingInterval how often each connection is pinged
 * @param idleTimeout how long a connection may send nothing (no pong, no message) before it is
 *     closed with {@link CloseCodes#GOING_AWAY}
 * @param writeTimeout how long queued frames may make no progress before the connection is closed
 *     with {@link CloseCodes#TRY_AGAIN_LATER}
 * @param maxFrameBytes the largest text frame accepted from a client, in UTF-8 bytes; larger ones
 *     close the connection with {@link CloseCodes#TOO_BIG}
 * @param outboundQueueBytes how much a connection's outbound queue holds, in characters of text
 *     (for JSON's mostly ASCII frames, their UTF-8 bytes); a frame that would go over it closes the
 *     connection as a slow consumer
 * @param inboundQueue how many received frames may wait for the hub's thread before the
 *     transports' reading threads wait for room
 * @param duplicateIds what happens when an id connects twice
 * @param maxRoomsPerConnection how many rooms one connection may be in at once
 * @param rateLimit frames a second each connection may send, or 0 for no limit
 * @param rateBurst frames a connection may send at once within its rate limit (the bucket's
 *     size), or 0 for no limit
 * @param <Id> the id type
 */
public record HubConfig<Id>(
    IdCodec<Id> ids,
    Duration pingInterval,
    Duration idleTimeout,
    Duration writeTimeout,
    int maxFrameBytes,
    int outboundQueueBytes,
    int inboundQueue,
    DuplicateIdPolicy duplicateIds,
    int maxRoomsPerConnection,
    int rateLimit,
    int rateBurst) {

  /** The default room limit of a connection. */
  static final int DEFAULT_MAX_ROOMS = 64;

  /**
   * Settings with the defaults for rooms and rate limits: 64 rooms per connection, no rate limit.
   *
   * @param ids how ids are parsed and written
   * @param pingInterval how often each connection is pinged
   * @param idleTimeout how long a connection may send nothing
   * @param writeTimeout how long queued frames may make no progress
   * @param maxFrameBytes the largest text frame accepted from a client, in UTF-8 bytes
   * @param outboundQueueBytes how much a connection's outbound queue holds, in characters
   * @param inboundQueue how many received frames may wait for the hub's thread
   * @param duplicateIds what happens when an id connects twice
   */
  public HubConfig(IdCodec<Id> ids, Duration pingInterval, Duration idleTimeout, Duration writeTimeout,
      int maxFrameBytes, int outboundQueueBytes, int inboundQueue, DuplicateIdPolicy duplicateIds) {
    this(ids, pingInterval, idleTimeout, writeTimeout, maxFrameBytes, outboundQueueBytes, inboundQueue, duplicateIds,
        DEFAULT_MAX_ROOMS, 0, 0);
  }
}
