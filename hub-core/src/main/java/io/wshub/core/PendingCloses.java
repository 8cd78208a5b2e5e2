package io.wshub.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Connections to close once the command (or the burst's flush) is done: slow consumers and ports
 * that threw, found while sending. Closing one makes it leave its rooms, whose members are told,
 * which may find more; closing them later means no room or registry changes under a loop that
 * sends.
 *
 * <p>Owned by the hub's thread, as the {@link Registry} is: no locks, and only that thread may call
 * it.
 */
final class PendingCloses<Id> {

  /** How the hub closes a registered connection ({@link ActorHub#close}). */
  @FunctionalInterface
  interface Closer<Id> {
    void close(Conn<Id> conn, int code, String reason);
  }

  private record PendingClose<Id>(Conn<Id> conn, int code, String reason) {}

  private final Closer<Id> closer;
  private final List<PendingClose<Id>> pending = new ArrayList<>();
  private boolean closing;

  PendingCloses(Closer<Id> closer) {
    this.closer = closer;
  }

  /**
   * Marks a registered connection {@link Conn#closing}, so nothing more is queued for it, and
   * closes it at the next {@link #closeAll}. A connection already marked, or gone, is left alone:
   * the first reason found is the one it is closed with.
   */
  void add(Conn<Id> conn, int code, String reason) {
    if (conn.registered && !conn.closing) {
      conn.closing = true;
      pending.add(new PendingClose<>(conn, code, reason));
    }
  }

  /**
   * Closes every connection added, in the order they were added, those added by these closes
   * included; then none is pending. A close that throws (a user's codec encoding a room's "left"
   * notice, say) does not keep the others open: they are closed all the same, and the first
   * exception is thrown once all were tried. Called while it is closing, it does nothing: the loop
   * under way closes what is added.
   */
  void closeAll() {
    if (pending.isEmpty() || closing) {
      return;
    }
    closing = true;
    RuntimeException first = null;
    try {
      for (int i = 0; i < pending.size(); i++) { // closing one may add more
        PendingClose<Id> next = pending.get(i);
        try {
          closer.close(next.conn(), next.code(), next.reason());
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
    } finally {
      pending.clear();
      closing = false;
    }
    if (first != null) {
      throw first;
    }
  }
}
