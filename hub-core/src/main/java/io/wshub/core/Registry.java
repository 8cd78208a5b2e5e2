package io.wshub.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Who is connected: id to connections (a chain, for {@link DuplicateIdPolicy#MULTI}), and a
 * dense list of all connections for broadcasts and sweeps. The hub's thread alone uses it.
 */
final class Registry<Id> {

  private final Map<Id, Conn<Id>> byId = new HashMap<>();
  @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
  private Conn<Id>[] all = new Conn[16];
  private int size;

  /** The first connection of {@code id}; follow {@code next} for the others. */
  Conn<Id> first(Id id) {
    return byId.get(id);
  }

  void add(Conn<Id> conn) {
    conn.next = byId.put(conn.id, conn);
    if (size == all.length) {
      all = Arrays.copyOf(all, size * 2);
    }
    conn.index = size;
    all[size++] = conn;
    conn.registered = true;
  }

  void remove(Conn<Id> conn) {
    Conn<Id> head = byId.get(conn.id);
    if (head == conn) {
      if (conn.next == null) {
        byId.remove(conn.id);
      } else {
        byId.put(conn.id, conn.next);
      }
    } else {
      Conn<Id> previous = head;
      while (previous.next != conn) {
        previous = previous.next;
      }
      previous.next = conn.next;
    }
    Conn<Id> last = all[--size];
    all[conn.index] = last;
    last.index = conn.index;
    all[size] = null;
    conn.next = null;
    conn.index = -1;
    conn.registered = false;
  }

  /** The connection at {@code index}, from 0 to {@code size() - 1}. Removing one moves the last into its place. */
  Conn<Id> at(int index) {
    return all[index];
  }

  int size() {
    return size;
  }

  int ids() {
    return byId.size();
  }
}
