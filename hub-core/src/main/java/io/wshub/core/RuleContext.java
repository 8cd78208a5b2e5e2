package io.wshub.core;

import java.util.List;
import java.util.Objects;

/**
 * The {@link RoutingContext} of the rule that is running: one instance per hub, pointed at the
 * sending connection for the length of one {@code route} call, so routing allocates nothing
 * for it. It runs on the hub's thread, as the rule does, and acts on the {@link ActorHub} it serves.
 */
final class RuleContext<Id> implements RoutingContext<Id> {

  private final ActorHub<Id> hub;
  /** The connection whose message the rule is routing; null outside {@code ActorHub.route}. */
  Conn<Id> sender;

  RuleContext(ActorHub<Id> hub) {
    this.hub = hub;
  }

  @Override
  public Id sender() {
    return current().id;
  }

  @Override
  public boolean send(Id receiver, Message<Id> message) {
    current();
    return hub.deliver(receiver, message);
  }

  @Override
  public int broadcast(Message<Id> message) {
    return hub.deliverToAll(message, current());
  }

  @Override
  public void reply(Message<Id> message) {
    hub.offer(current(), hub.codec.encode(message));
  }

  @Override
  public void receipt(Id receiver, boolean delivered) {
    hub.receipt(current(), receiver, delivered);
  }

  @Override
  public void forward(Id receiver, Message<Id> message) {
    Conn<Id> from = current();
    if (hub.backplane == null) {
      hub.receipt(from, receiver, hub.deliver(receiver, message));
      return;
    }
    hub.forwardInCluster(from, receiver, hub.codec.encode(message));
  }

  @Override
  public void replyOnline(Id id) {
    Conn<Id> from = current();
    if (hub.registry.first(id) != null || hub.backplane == null) {
      hub.offer(from, hub.onlineNotice(id, hub.registry.first(id) != null));
      return;
    }
    hub.askCluster(() -> hub.backplane.isOnline(id)).whenComplete((online, error) -> hub.mailbox.tell(
        new Command.Apply<>(later -> {
          if (!from.registered) {
            return;
          }
          if (error != null) {
            hub.replyError(from, hub.clusterProblem("whether " + hub.format(id) + " is online", error));
          } else {
            hub.offer(from, hub.onlineNotice(id, online));
          }
        })));
  }

  @Override
  public void replyError(String problem) {
    hub.replyError(current(), problem);
  }

  @Override
  public void closeSender(int code, String reason) {
    Conn<Id> sender = current();
    if (!CloseCodes.isSendable(code)) {
      throw new IllegalArgumentException("close code " + code
          + " cannot be sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999");
    }
    hub.close(sender, code, reason);
  }

  @Override
  public boolean isOnline(Id id) {
    current();
    return hub.registry.first(id) != null;
  }

  @Override
  public boolean join(String room) {
    Conn<Id> conn = current();
    return hub.joinRoom(conn, RoomNames.check(room));
  }

  @Override
  public boolean leave(String room) {
    Conn<Id> conn = current();
    return hub.leaveRoom(conn, RoomNames.check(room));
  }

  @Override
  public boolean inRoom(String room) {
    return hub.inRoom(current(), room);
  }

  @Override
  public int sendToRoom(String room, Message<Id> message) {
    return toRoom(room, message, null);
  }

  @Override
  public int sendToRoom(String room, Message<Id> message, Id except) {
    return toRoom(room, message, Objects.requireNonNull(except, "except"));
  }

  private int toRoom(String room, Message<Id> message, Id except) {
    Conn<Id> from = current();
    if (hub.backplane == null || !RoomNames.isValid(room)) {
      return hub.deliverToRoom(room, message, except); // an invalid name has no members anywhere
    }
    String frame = hub.codec.encode(message);
    int here = hub.deliverFrameToRoom(room, frame, except, false);
    hub.toCluster(from, "the message to room \"" + room + "\" reached only this server's members",
        () -> hub.backplane.sendToRoom(room, frame, except));
    return here;
  }

  @Override
  public List<Id> members(String room) {
    current();
    return hub.membersOf(room);
  }

  @Override
  public void replyMembers(String room) {
    Conn<Id> from = current();
    RoomNames.check(room);
    if (hub.backplane == null) {
      hub.offer(from, hub.membersNotice(from.id, room, hub.membersOf(room)));
      return;
    }
    hub.askCluster(() -> hub.backplane.members(room)).whenComplete((there, error) -> hub.mailbox.tell(
        new Command.Apply<>(later -> {
          if (!from.registered) {
            return;
          }
          if (error != null) {
            hub.replyError(from, hub.clusterProblem("the members of room \"" + room + "\"", error));
          } else {
            hub.offer(from, hub.membersNotice(from.id, room, hub.membersWith(room, there)));
          }
        })));
  }

  @Override
  public HubConfig<Id> config() {
    return hub.config();
  }

  @Override
  public IdCodec<Id> ids() {
    return hub.config().ids();
  }

  private Conn<Id> current() {
    if (sender == null) {
      throw new IllegalStateException(
          "a RoutingContext may be used only while its rule runs, on the hub's thread");
    }
    return sender;
  }
}
