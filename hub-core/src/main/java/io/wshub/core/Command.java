package io.wshub.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** What the hub's mailbox carries: one record per thing that can happen to the hub. */
sealed interface Command<Id> {

  /** Runs on the hub's thread. */
  void applyTo(ActorHub<Id> hub);

  record Open<Id>(Conn<Id> conn) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.open(conn);
    }
  }

  record Route<Id>(Conn<Id> conn, Message<Id> message) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.route(conn, message);
    }
  }

  record Refuse<Id>(Conn<Id> conn, String problem) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.refuse(conn, problem);
    }
  }

  record CloseOversize<Id>(Conn<Id> conn) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.closeOversize(conn);
    }
  }

  record Fail<Id>(Conn<Id> conn, int code, String problem) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.fail(conn, code, problem);
    }
  }

  record Closed<Id>(Conn<Id> conn, int code, String reason) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.closed(conn, code, reason);
    }
  }

  record Send<Id>(Id to, Message<Id> message, CompletableFuture<Boolean> accepted) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.sendFromServer(to, message, accepted);
    }
  }

  record Broadcast<Id>(Message<Id> message, CompletableFuture<Integer> accepted) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.broadcastFromServer(message, accepted);
    }
  }

  /** A server-side join: every connection of {@code id}, or the one {@code conn}. */
  record Join<Id>(Id id, Conn<Id> conn, String room, CompletableFuture<Boolean> joined) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.joinFromServer(id, conn, room, joined);
    }
  }

  /** A server-side leave: every connection of {@code id}, or the one {@code conn}. */
  record Leave<Id>(Id id, Conn<Id> conn, String room, CompletableFuture<Boolean> left) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.leaveFromServer(id, conn, room, left);
    }
  }

  record SendToRoom<Id>(String room, Message<Id> message, Id except, CompletableFuture<Integer> accepted)
      implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.sendToRoomFromServer(room, message, except, accepted);
    }
  }

  /** A connection stayed over its rate limit: it is closed. */
  record OverLimit<Id>(Conn<Id> conn) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.overLimit(conn);
    }
  }

  record Ask<Id, T>(Function<ActorHub<Id>, T> question, CompletableFuture<T> answer) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      answer.complete(question.apply(hub));
    }
  }

  /** Something the cluster brought back (an answer, an event), handled in turn on the hub's thread. */
  record Apply<Id>(java.util.function.Consumer<ActorHub<Id>> action) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      action.accept(hub);
    }
  }

  record Sweep<Id>() implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.sweep();
    }
  }

  record Shutdown<Id>(Duration drain, CompletableFuture<Void> done) implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.shutdown(drain, done);
    }
  }

  record DrainCheck<Id>() implements Command<Id> {
    @Override
    public void applyTo(ActorHub<Id> hub) {
      hub.checkDrained();
    }
  }
}
