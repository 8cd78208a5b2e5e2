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
    DuplicateIdPolicy duplicateIds) {}
