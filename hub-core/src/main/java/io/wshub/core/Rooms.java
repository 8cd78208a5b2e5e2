package io.wshub.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rooms: name to member connections. A room exists while it has members, so what clients can
 * make the hub remember is bounded by connections x rooms per connection x name length. The
 * hub's thread alone uses it, as the {@link Registry}.
 *
 * <p>A membership is one connection in one room; it knows its slot in the room's dense array
 * (swap-remove, as the registry) and the connection keeps its memberships in join order.
 */
final class Rooms<Id> {

  /** One room: its member connections, in no particular order. */
  static final class Room<Id> {
    final String name;
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    Member<Id>[] members = new Member[4];
    int size;
    /** A ROOM message went to its members in this burst: they are flushed when it ends. */
    boolean touched;

    Room(String name) {
      this.name = name;
    }

    Conn<Id> at(int slot) {
      return members[slot].conn;
    }
  }

  /** One connection in one room. */
  static final class Member<Id> {
    final Conn<Id> conn;
    final Room<Id> room;
    int slot;
    /**
     * With a backplane: joined here, not yet taken by the cluster. It hears no presence events
     * and no other node's messages yet, and is told "joined" when the cluster has it.
     */
    boolean joining;

    Member(Conn<Id> conn, Room<Id> room) {
      this.conn = conn;
      this.room = room;
    }
  }

  private final Map<String, Room<Id>> byName = new HashMap<>();

  /** The room called {@code name}, or null when it has no members. */
  Room<Id> get(String name) {
    return byName.get(name);
  }

  /** Puts {@code conn} into {@code name}, making the room if need be; the caller checked it was not in. */
  Member<Id> add(Conn<Id> conn, String name) {
    Room<Id> room = byName.computeIfAbsent(name, Room::new);
    Member<Id> member = new Member<>(conn, room);
    if (room.size == room.members.length) {
      room.members = Arrays.copyOf(room.members, room.size * 2);
    }
    member.slot = room.size;
    room.members[room.size++] = member;
    conn.addMembership(member);
    return member;
  }

  /** Takes a membership out of its room and its connection; an empty room is forgotten. */
  void remove(Member<Id> member) {
    Room<Id> room = member.room;
    Member<Id> last = room.members[--room.size];
    room.members[member.slot] = last;
    last.slot = member.slot;
    room.members[room.size] = null;
    member.conn.removeMembership(member);
    if (room.size == 0) {
      byName.remove(room.name, room);
    } else if (room.size < room.members.length / 4 && room.members.length > 4) {
      room.members = Arrays.copyOf(room.members, room.members.length / 2); // a crowd that left
    }
  }

  /** How many rooms exist now. */
  int count() {
    return byName.size();
  }
}
