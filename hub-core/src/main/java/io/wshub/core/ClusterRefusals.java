package io.wshub.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages from other nodes a hub refused because it was behind ({@link HubNode}): counted for
 * {@link HubStats#clusterDeliveriesRefused()}, and warned of in the log at most once a second, with
 * how many since the last warning. A BROADCAST or ROOM message has no receipt, so without these
 * nobody would learn that its receivers here never got it.
 *
 * <p>Thread-safe: refusals are counted on the backplane's threads, where the first of a spell is
 * warned of at once (the hub's thread may be held for good); the hub's sweep warns of the rest of
 * the spell once it is a second old.
 */
final class ClusterRefusals {

  private static final System.Logger LOG = System.getLogger(Hub.class.getName());
  static final long WARN_EVERY_NANOS = 1_000_000_000L;

  private final int inboundQueue;
  private final AtomicLong refused = new AtomicLong();
  /** How many refusals the warnings so far told of: written under this, read without it. */
  private volatile long warnedOf;
  /** When the last warning was given, if there was one. Guarded by this. */
  private long warnedAt;
  private boolean warnedYet;

  ClusterRefusals(int inboundQueue) {
    this.inboundQueue = inboundQueue;
  }

  /**
   * Counts a message from another node refused now, and warns unless a warning was given less than
   * a second ago. Returns how many refusals the warning given now told of, 0 for none.
   */
  long refused(long now) {
    refused.incrementAndGet();
    return warnIfDue(now);
  }

  /**
   * Warns of the refusals not yet told of, unless there are none or a warning was given less than a
   * second ago. Returns how many it told of, 0 for none. Cheap when there are none: the hub's sweep
   * calls it every time.
   */
  long warnIfDue(long now) {
    if (refused.get() == warnedOf) {
      return 0;
    }
    long told;
    long total;
    synchronized (this) {
      total = refused.get();
      told = total - warnedOf;
      if (told == 0 || (warnedYet && now - warnedAt < WARN_EVERY_NANOS)) {
        return 0;
      }
      warnedYet = true;
      warnedAt = now;
      warnedOf = total;
    }
    LOG.log(Level.WARNING, "wshub: the hub is behind (a slow listener or rule holding its thread?): "
        + (told == 1 ? "1 message" : told + " messages") + " from other nodes refused since the last warning, " + total + " in all, each while "
        + inboundQueue + " of its kind waited for the hub; they were not delivered here");
    return told;
  }

  /** Messages from other nodes refused since the hub started. */
  long count() {
    return refused.get();
  }
}
