package io.wshub.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection: the transport's handle ({@link Connection}) and the hub's registry entry.
 *
 * <p>{@code lastSeen} and {@code closed} are written across threads; every other field belongs to
 * the hub's thread.
 */
final class Conn<Id> implements Connection<Id> {

  private static final Rooms.Member<?>[] NO_ROOMS = new Rooms.Member<?>[0];

  final Id id;
  final ClientPort port;
  final ActorHub<Id> hub;
  /** The rate limit's state, or null when the hub has none; only the thread in {@link #receive} uses it. */
  final RateLimit.Bucket bucket;

  /** When the client last sent anything (frame or pong), on the hub's ticker. */
  volatile long lastSeen;
  /**
   * When the first ping written since the client was last heard from went out, as its port
   * reported it ({@link ClientPort#ping(Runnable)}): the answer window runs from there. Not after
   * {@code lastSeen} while no such ping was written.
   */
  volatile long pingWrittenAt;
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
   * When the hub asked for the first ping since the client was last heard from; not after
   * {@code lastSeen} when it asked for none. A ping asked for and not written for the write
   * timeout closes the connection.
   */
  long unansweredSince;
  long lastWritten;
  long progressAt;
  /** Set while a close the hub decided waits for a fan-out to finish: nothing more is queued. */
  boolean closing;
  /** The rooms it is in, in join order: the first {@code roomCount} entries. */
  @SuppressWarnings("unchecked")
  Rooms.Member<Id>[] rooms = (Rooms.Member<Id>[]) NO_ROOMS;
  int roomCount;

  // The cluster's, when the hub has a backplane.
  /** Its generation in the cluster: 0 while on its way, {@link #UNSTAMPED} if the cluster could not be told. */
  long generation;
  /** The highest generation that replaced its id elsewhere while its own was on its way, or 0. */
  long replacedBy;
  /** Under REJECT_NEW, while the cluster is asked whether its id is free: not registered yet. */
  boolean claiming;
  /** The transport closed it while it was claiming. */
  boolean goneWhileClaiming;
  /** What it sent while claiming, in order: routed once it is accepted (each still counts in the mailbox). */
  List<Command<Id>> held;

  static final long UNSTAMPED = -1;

  Conn(Id id, ClientPort port, ActorHub<Id> hub, long now, RateLimit rateLimit) {
    this.id = id;
    this.port = port;
    this.hub = hub;
    this.lastSeen = now;
    this.pingWrittenAt = now; // not after lastSeen: no ping written yet
    this.bucket = rateLimit == null ? null : rateLimit.new Bucket(now);
  }

  /** Its membership of {@code room}, or null. */
  Rooms.Member<Id> membership(Rooms.Room<Id> room) {
    for (int i = 0; i < roomCount; i++) {
      if (rooms[i].room == room) {
        return rooms[i];
      }
    }
    return null;
  }

  void addMembership(Rooms.Member<Id> member) {
    if (roomCount == rooms.length) {
      rooms = Arrays.copyOf(rooms, Math.max(4, roomCount * 2));
    }
    rooms[roomCount++] = member;
  }

  void removeMembership(Rooms.Member<Id> member) {
    for (int i = 0; i < roomCount; i++) {
      if (rooms[i] == member) {
        System.arraycopy(rooms, i + 1, rooms, i, roomCount - i - 1); // keeps join order
        rooms[--roomCount] = null;
        return;
      }
    }
  }

  void hold(Command<Id> command) {
    if (held == null) {
      held = new ArrayList<>();
    }
    held.add(command);
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

  /**
   * Its port wrote a ping, on the port's thread: the answer window starts now, unless a ping
   * written since the client was last heard from started it already. A race with a pong arriving
   * meanwhile only ever moves the window later, never earlier.
   */
  void pingWritten() {
    long now = hub.now();
    if (pingWrittenAt - lastSeen <= 0) {
      pingWrittenAt = now;
    }
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
