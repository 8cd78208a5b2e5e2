package io.wshub.core;

/**
 * The hub's totals since it started, one method per event the hub counts, and the one place a
 * {@link HubStats} is built from them and the figures only the hub can read as of now.
 *
 * <p>Owned by the hub's thread, as the {@link Registry} is: plain longs, no atomics and no locks,
 * so counting costs an increment. Only that thread may call these methods; a snapshot agrees with
 * itself because nothing else writes while it is taken.
 */
final class HubCounters {

  private long connectionsAccepted;
  private long connectionsRejected;
  private long framesReceived;
  private long framesDelivered;
  private long successReceipts;
  private long notOnlineReceipts;
  private long errorReplies;
  private long slowConsumerCloses;
  private long idleCloses;
  private long replacedCloses;
  private long framesDropped;
  private long protocolErrors;

  /** A connection was registered. */
  void accepted() {
    connectionsAccepted++;
  }

  /** A connection was refused (duplicate id, the system's id, the hub shutting down). */
  void rejected() {
    connectionsRejected++;
  }

  /** A registered connection's text frame reached the hub's thread, valid or not. */
  void received() {
    framesReceived++;
  }

  /** A port accepted a frame into its outbound queue. */
  void delivered() {
    framesDelivered++;
  }

  /** A sender was told "success send". */
  void successReceipt() {
    successReceipts++;
  }

  /** A sender was told "not online". */
  void notOnlineReceipt() {
    notOnlineReceipts++;
  }

  /** A connection was sent an error reply. */
  void errorReplied() {
    errorReplies++;
  }

  /** A connection is closed with 1013: its queue overflowed or its writes stalled. */
  void slowConsumerClosed() {
    slowConsumerCloses++;
  }

  /** A connection is closed with 1001: nothing arrived within the idle timeout. */
  void idleClosed() {
    idleCloses++;
  }

  /** A connection is closed with 4000: a newer one of its id arrived, here or on another node. */
  void replacedClosed() {
    replacedCloses++;
  }

  /** A slow consumer's queue was dropped with it: {@code frames} accepted and never written. */
  void dropped(long frames) {
    framesDropped += frames;
  }

  /** The transport closed a connection for breaking the protocol below the messages. */
  void protocolError() {
    protocolErrors++;
  }

  /** The totals, with the figures as of now that the hub's thread read for them. */
  HubStats snapshot(int connections, int onlineIds, boolean clusterReachable, int inboundQueued,
      long outboundQueued, long clusterDeliveriesRefused) {
    return new HubStats(connections, onlineIds, connectionsAccepted, connectionsRejected,
        framesReceived, framesDelivered, successReceipts, notOnlineReceipts, errorReplies,
        slowConsumerCloses, idleCloses, replacedCloses, framesDropped, protocolErrors,
        clusterReachable, inboundQueued, outboundQueued, clusterDeliveriesRefused);
  }
}
