package io.wshub.benchmarks.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The fate of every 1:1 message of a run, by its number: sent, receipted ("success send" or
 * "not online"), delivered. A message receipted "success send" and never delivered is lost;
 * that is the one thing a messaging server must never do silently. Thread-safe.
 */
final class Ledger {

  private static final int SENT = 1;
  private static final int ACCEPTED = 2;
  private static final int NOT_ONLINE = 4;
  private static final int DELIVERED = 8;

  private final AtomicIntegerArray states;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger receipts = new AtomicInteger();
  private final AtomicInteger deliveries = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger strays = new AtomicInteger();

  Ledger(int capacity) {
    states = new AtomicIntegerArray(capacity);
  }

  /** A number for a new message, or -1 when the ledger is full (the run must stop sending). */
  int send() {
    int seq = next.getAndIncrement();
    if (seq >= states.length()) {
      next.decrementAndGet();
      return -1;
    }
    states.getAndAccumulate(seq, SENT, (a, b) -> a | b);
    return seq;
  }

  void receipted(int seq, boolean accepted) {
    receipts.incrementAndGet();
    states.getAndAccumulate(seq, accepted ? ACCEPTED : NOT_ONLINE, (a, b) -> a | b);
  }

  /** Notes a delivery; a number we never sent, or one delivered twice, is counted apart. */
  void delivered(int seq) {
    if (seq < 0 || seq >= states.length() || (states.get(seq) & SENT) == 0) {
      strays.incrementAndGet();
      return;
    }
    int before = states.getAndAccumulate(seq, DELIVERED, (a, b) -> a | b);
    if ((before & DELIVERED) != 0) {
      duplicates.incrementAndGet();
    } else {
      deliveries.incrementAndGet();
    }
  }

  int sent() {
    return next.get();
  }

  int receipts() {
    return receipts.get();
  }

  int deliveries() {
    return deliveries.get();
  }

  /** True once every message sent so far is receipted and every accepted one delivered. */
  boolean settled() {
    Counts counts = count();
    return counts.unreceipted() == 0 && counts.lost() == 0;
  }

  Counts count() {
    int sent = next.get();
    int accepted = 0;
    int notOnline = 0;
    int delivered = 0;
    int lost = 0;
    int unreceipted = 0;
    int deliveredUnreceipted = 0;
    int deliveredNotOnline = 0;
    for (int i = 0; i < sent; i++) {
      int state = states.get(i);
      boolean wasDelivered = (state & DELIVERED) != 0;
      if ((state & ACCEPTED) != 0) {
        accepted++;
        if (!wasDelivered) {
          lost++;
        }
      } else if ((state & NOT_ONLINE) != 0) {
        notOnline++;
        if (wasDelivered) {
          deliveredNotOnline++;
        }
      } else {
        unreceipted++;
        if (wasDelivered) {
          deliveredUnreceipted++;
        }
      }
      if (wasDelivered) {
        delivered++;
      }
    }
    return new Counts(sent, accepted, notOnline, delivered, lost, unreceipted, deliveredUnreceipted,
        deliveredNotOnline, duplicates.get(), strays.get());
  }

  /**
   * What happened to the messages: {@code lost} were accepted and never delivered;
   * {@code unreceipted} got no receipt at all, {@code deliveredUnreceipted} of them arrived
   * anyway; {@code deliveredNotOnline} arrived although their sender was told "not online";
   * {@code duplicates} arrived twice; {@code strays} carried a number this run never sent.
   */
  record Counts(int sent, int accepted, int notOnline, int delivered, int lost, int unreceipted,
      int deliveredUnreceipted, int deliveredNotOnline, int duplicates, int strays) {}
}
