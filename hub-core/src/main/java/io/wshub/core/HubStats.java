package io.wshub.core;

/**
 * A snapshot of the hub's counters, taken on the hub's thread, so its numbers agree with each
 * other. Counts are totals since the hub started, except {@code connections}, {@code onlineIds} and
 * the two queue depths, which are as of the snapshot.
 *
 * @param connections connections registered now
 * @param onlineIds distinct ids online now
 * @param connectionsAccepted connections ever registered
 * @param connectionsRejected connections refused (duplicate id, system id, shutting down)
 * @param framesReceived text frames received from registered connections, valid or not
 * @param framesDelivered frames accepted into outbound queues: forwarded messages, receipts, error
 *     replies and server sends
 * @param successReceipts "success send" receipts
 * @param notOnlineReceipts "not online" receipts
 * @param errorReplies error replies to frames the hub could not route
 * @param slowConsumerCloses connections closed with 1013 (queue overflow or write timeout)
 * @param idleCloses connections closed with 1001 because nothing arrived within the idle timeout
 * @param replacedCloses connections closed with 4000 by a newer connection for the same id
 * @param framesDropped frames accepted into a queue (and receipted) that were dropped unwritten
 *     because their connection was closed as a slow consumer; the only frames the hub accepts and
 *     does not write while the client is still connected
 * @param protocolErrors connections the transport closed for breaking the protocol below the
 *     messages (a binary frame, invalid UTF-8), see {@link Connection#fail(int, String)}
 * @param clusterReachable whether the hub's {@linkplain HubBuilder#backplane backplane} can reach
 *     the cluster now; always {@code true} for a hub without one
 * @param inboundQueued frames received and not yet routed: the hub's backlog, at most
 *     {@link HubBuilder#inboundQueue(int)} before the readers wait
 * @param outboundQueued frames accepted into the connections' outbound queues and not yet written,
 *     all connections together
 * @param clusterDeliveriesRefused messages from other nodes of the hub's
 *     {@linkplain HubBuilder#backplane cluster} (SEND, BROADCAST, ROOM, presence events) that the
 *     hub refused because it was behind: as many of their kind as its
 *     {@linkplain HubBuilder#inboundQueue(int) inbound queue} holds were waiting for its thread.
 *     None of them was delivered here; a SEND's sender was told so, the others' were not (a warning
 *     is logged, at most once a second). Always 0 for a hub without a backplane
 */
public record HubStats(
    int connections,
    int onlineIds,
    long connectionsAccepted,
    long connectionsRejected,
    long framesReceived,
    long framesDelivered,
    long successReceipts,
    long notOnlineReceipts,
    long errorReplies,
    long slowConsumerCloses,
    long idleCloses,
    long replacedCloses,
    long framesDropped,
    long protocolErrors,
    boolean clusterReachable,
    int inboundQueued,
    long outboundQueued,
    long clusterDeliveriesRefused) {}
