package io.wshub.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The hub as its backplane sees it ({@link ActorHub#node()}): each call checks its arguments on
 * the caller's thread and is then a command in the hub's mailbox, done on the hub's thread.
 *
 * <p>What other nodes send the hub's clients is bounded, as frames from its own clients are, so a
 * hub that falls behind (a slow listener, a slow rule) cannot have other nodes grow its mailbox
 * without bound. A backplane's thread serves the whole cluster and must not wait as a client's
 * reader does: beyond the inbound queue's size of them waiting, a message is refused at once (a
 * failed future), counted and warned of ({@link ClusterRefusals}). What the cluster asks of the
 * hub itself (joins and leaves for its ids, replacements of its connections, reachability) is not
 * bounded: one per server call or connection somewhere, and refusing a replacement would leave a
 * replaced connection open.
 */
final class HubNode<Id> implements Backplane.Node<Id> {

  private final ActorHub<Id> hub;
  /**
   * SENDs from other nodes handed to the hub and not yet done; beyond the inbound queue's size one
   * is refused, and its sender told the message was not delivered.
   */
  private final AtomicInteger deliveries = new AtomicInteger();
  /**
   * BROADCAST and ROOM messages and presence events from other nodes handed to the hub and not yet
   * done; beyond the inbound queue's size one is refused, and nobody but this hub's stats and log
   * learns of it. A count of their own, with the same limit, rather than the SENDs': so neither
   * kind crowds the other out. Were it shared, a flood of SENDs from one node (each refusal told to
   * its sender) would have every other node's broadcasts refused, unknown to their senders, and a
   * spell of broadcasts would have SENDs refused. The hub's memory is bounded all the same: twice
   * the inbound queue of messages from other nodes at most.
   */
  private final AtomicInteger fanOuts = new AtomicInteger();

  HubNode(ActorHub<Id> hub) {
    this.hub = hub;
  }

  @Override
  public HubConfig<Id> config() {
    return hub.config();
  }

  @Override
  public CompletableFuture<Boolean> deliver(Id to, String frame) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(frame, "frame");
    return bounded(deliveries, later -> later.deliverFrame(to, frame));
  }

  @Override
  public CompletableFuture<Integer> deliverToAll(String frame) {
    Objects.requireNonNull(frame, "frame");
    return bounded(fanOuts, later -> later.deliverFrameToAll(frame));
  }

  @Override
  public CompletableFuture<Integer> deliverToRoom(String room, String frame, Id except) {
    RoomNames.check(room);
    Objects.requireNonNull(frame, "frame");
    return bounded(fanOuts, later -> later.deliverFrameToRoom(room, frame, except, true));
  }

  @Override
  public CompletableFuture<Integer> presence(String room, Id id, boolean joined) {
    RoomNames.check(room);
    Objects.requireNonNull(id, "id");
    return bounded(fanOuts, later -> later.tellRoomHere(room, id,
        later.roomNotice(id, room, joined ? ActorHub.JOINED : ActorHub.LEFT)));
  }

  /**
   * Hands {@code delivery} to the hub, unless as many of its kind ({@code waiting}) as the inbound
   * queue holds wait for it already: then it is refused at once, and counted.
   */
  private <T> CompletableFuture<T> bounded(AtomicInteger waiting, Function<ActorHub<Id>, T> delivery) {
    int limit = hub.config().inboundQueue();
    if (waiting.incrementAndGet() > limit) {
      waiting.decrementAndGet();
      hub.clusterRefusals.refused(hub.now());
      return CompletableFuture.failedFuture(new RejectedExecutionException("not delivered: the receiver's server is behind ("
          + limit + " messages from other nodes wait for its hub)"));
    }
    return hub.ask(later -> {
      waiting.decrementAndGet();
      return delivery.apply(later);
    });
  }

  @Override
  public CompletableFuture<Boolean> join(Id id, String room) {
    RoomNames.check(room);
    Objects.requireNonNull(id, "id");
    return hub.ask(later -> later.join(id, null, room));
  }

  @Override
  public CompletableFuture<Boolean> leave(Id id, String room) {
    RoomNames.check(room);
    Objects.requireNonNull(id, "id");
    return hub.ask(later -> later.leave(id, null, room));
  }

  @Override
  public CompletableFuture<Integer> replaced(Id id, long generation) {
    Objects.requireNonNull(id, "id");
    return hub.ask(later -> later.replacedElsewhere(id, generation));
  }

  @Override
  public void reachable(boolean reachable) {
    hub.mailbox.tell(new Command.Apply<>(later -> later.reachable(reachable)));
  }
}
