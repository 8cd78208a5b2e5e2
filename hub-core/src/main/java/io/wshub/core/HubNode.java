package io.wshub.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub as its backplane sees it ({@link ActorHub#node()}): each call checks its arguments on
 * the caller's thread and is then a command in the hub's mailbox, done on the hub's thread.
 */
final class HubNode<Id> implements Backplane.Node<Id> {

  private final ActorHub<Id> hub;
  /**
   * Deliveries from other nodes handed to the hub and not yet done: at most the inbound queue's
   * size, as frames from clients, so a hub that falls behind (a slow listener, a slow rule) cannot
   * have other nodes grow its mailbox without bound. Beyond it a delivery is refused at once, and
   * its sender told the message was not delivered.
   */
  private final AtomicInteger deliveries = new AtomicInteger();

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
    int limit = hub.config().inboundQueue();
    if (deliveries.incrementAndGet() > limit) {
      deliveries.decrementAndGet();
      return CompletableFuture.failedFuture(new RejectedExecutionException("not delivered: the receiver's server is behind ("
          + limit + " messages from other nodes wait for its hub)"));
    }
    return hub.ask(later -> {
      deliveries.decrementAndGet();
      return later.deliverFrame(to, frame);
    });
  }

  @Override
  public CompletableFuture<Integer> deliverToAll(String frame) {
    Objects.requireNonNull(frame, "frame");
    return hub.ask(later -> later.deliverFrameToAll(frame));
  }

  @Override
  public CompletableFuture<Integer> deliverToRoom(String room, String frame, Id except) {
    RoomNames.check(room);
    Objects.requireNonNull(frame, "frame");
    return hub.ask(later -> later.deliverFrameToRoom(room, frame, except, true));
  }

  @Override
  public CompletableFuture<Integer> presence(String room, Id id, boolean joined) {
    RoomNames.check(room);
    Objects.requireNonNull(id, "id");
    return hub.ask(later -> later.tellRoomHere(room, id,
        later.roomNotice(id, room, joined ? ActorHub.JOINED : ActorHub.LEFT)));
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
