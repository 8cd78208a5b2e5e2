package io.wshub.core;

/**
 * One connection: the transport's handle ({@link Connection}) and the hub's registry entry.
 *
 * <p>{@code lastSeen} and {@code closed} are written across threads; every other field belongs to
 * the hub's thread.
 */
final class Conn<Id> implements Connection<Id> {

  final Id id;
  final ClientPort port;
  private final ActorHub<Id> hub;

  /** When the client last sent anything (frame or pong), on the hub's ticker. */
  volatile long lastSeen;
  /** Set by the hub when it closed or refused this connection: later frames are dropped. */
  volatile boolean closed;

  // Owned by the hub's thread.
  boolean registered;
  /** Sent to in the current burst, and not flushed yet. */
  boolean touched;
  /** The next connection of the same id (DuplicateIdPolicy.MULTI), or null. */
  Conn<Id> next;
  /** Position in the registry's list of all connections, or -1. */
  int index = -1;
  long nextPingAt;
  /**
   * When the hub sent the first ping since the client was last heard from (the answer window
   * runs from there); not after {@code lastSeen} when no such ping was sent.
   */
  long unansweredSince;
  long lastWritten;
  long progressAt;

  Conn(Id id, ClientPort port, ActorHub<Id> hub, long now) {
    this.id = id;
    this.port = port;
    this.hub = hub;
    this.lastSeen = now;
  }

  @Override
  public Id id() {
    return id;
  }

  @Override
  public void receive(String frame) {
    if (closed) {
      return;
    }
    lastSeen = hub.now();
    hub.received(this, frame);
  }

  @Override
  public void pong() {
    lastSeen = hub.now();
  }

  @Override
  public void fail(int code, String problem) {
    hub.transportFailed(this, code, problem == null ? "protocol error" : problem);
  }

  @Override
  public void closed(int code, String reason) {
    hub.transportClosed(this, code, reason == null ? "" : reason);
  }

  @Override
  public String toString() {
    return "Connection[" + id + "]";
  }
}
