package io.wshub.benchmarks.load;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Each client's messages that have no receipt yet, oldest first, with their receivers: what a
 * receipt is matched to. A receipt names its receiver, so it goes to the oldest message to that
 * receiver; one that names none of them (an error reply names the sender) to the oldest of all.
 * On one server receipts come back in the order a client sent, so this is the queue's head; on a
 * cluster a receipt from another node can pass one for an earlier message (a receipt given up on
 * after its deadline, an error reply), and matching by receiver keeps such a pass from booking one
 * message's fate to another. Thread-safe per client.
 */
final class Unreceipted {

  private final ArrayDeque<long[]>[] byClient;

  @SuppressWarnings("unchecked")
  Unreceipted(int clients) {
    byClient = new ArrayDeque[clients];
    for (int i = 0; i < clients; i++) {
      byClient[i] = new ArrayDeque<>();
    }
  }

  /** Client {@code from} sent message {@code seq} to client {@code to}. */
  void sent(int from, int seq, int to) {
    synchronized (byClient[from]) {
      byClient[from].add(new long[] {seq, to});
    }
  }

  /**
   * The message of client {@code peer} that a receipt naming client {@code to} answers (-1 when
   * the receipt names no client of the fleet), removed; -1 when none waits.
   */
  int receipted(int peer, int to) {
    ArrayDeque<long[]> waiting = byClient[peer];
    synchronized (waiting) {
      if (to >= 0) {
        for (Iterator<long[]> it = waiting.iterator(); it.hasNext(); ) {
          long[] message = it.next();
          if (message[1] == to) {
            it.remove();
            return (int) message[0];
          }
        }
      }
      long[] oldest = waiting.poll();
      return oldest == null ? -1 : (int) oldest[0];
    }
  }
}
