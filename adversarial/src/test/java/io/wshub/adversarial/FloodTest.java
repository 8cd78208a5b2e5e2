package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.HubStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flood pushes back instead of growing the server: 50 clients send 1:1 messages to random
 * peers as fast as their sockets take them, every one of them reading promptly. The hub's backlog
 * stays within its inbound bound, the heap after a collection stays within a bound of where it
 * started, nobody is closed (a client that reads is never closed by what others send it), every
 * "success send" is delivered, and a pair of bystanders talking meanwhile is served throughout.
 */
class FloodTest {

  private static final int FLOODERS = 50;
  /** The heap after a full collection may grow by this much over the flood, clients included. */
  private static final long HEAP_BOUND = 64L << 20;
  /** Readers that passed the hub's gate before it closed may each add a frame over its bound. */
  private static final int GATE_SLACK = 1_024;

  @ParameterizedTest
  @EnumSource(Stack.class)
  void fiftyClientsFloodingRandomPeersStayBoundedAndABystanderPairIsServed(Stack stack) throws Exception {
    int each = Integer.getInteger("wshub.flood.messages", 3_000);
    AtomicLongArray successTo = new AtomicLongArray(FLOODERS + 1);
    AtomicLongArray deliveredTo = new AtomicLongArray(FLOODERS + 1);
    AtomicLong notOnline = new AtomicLong();
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire(); Wire bystanders = new Wire()) {
      List<WireClient> clients = wire.connectAll(FLOODERS, i -> served.uri(i + 1), i -> (client, text) -> {
        if (V1.isSuccess(text)) {
          successTo.incrementAndGet((int) V1.receiptFor(text));
        } else if (V1.isNotOnline(text)) {
          notOnline.incrementAndGet();
        } else {
          deliveredTo.incrementAndGet(i + 1);
        }
      });
      WireClient left = bystanders.connect(served.uri(1_001));
      WireClient right = bystanders.connect(served.uri(1_002));
      Poll.until(() -> served.stats().connections() == FLOODERS + 2, "everyone registered");
      long heapBefore = ServerMain.heapAfterGc();

      AtomicLong sent = new AtomicLong();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 5; t++) {
        List<WireClient> mine = clients.subList(t * 10, t * 10 + 10);
        Thread thread = new Thread(() -> flood(mine, each, sent), "flooder-" + t);
        thread.start();
        senders.add(thread);
      }
      long total = (long) FLOODERS * each;
      long roundTrips = 0;
      long slowestRoundTrip = 0;
      int maxInbound = 0;
      long maxHeap = heapBefore;
      long started = System.nanoTime();
      long nextSample = 0;
      while (accounted(deliveredTo, notOnline) < total) {
        long at = System.nanoTime();
        left.send(V1.send(1_002, "round trip " + roundTrips));
        assertThat(right.nextText()).contains("round trip " + roundTrips);
        right.send(V1.send(1_001, "answer " + roundTrips));
        String answer = "\"content\":\"answer " + roundTrips + "\"";
        List<String> back = List.of(left.nextText(), left.nextText()); // the receipt and the answer, in either order
        assertThat(back).anySatisfy(text -> assertThat(text).isEqualTo(V1.success(1_002)))
            .anySatisfy(text -> assertThat(text).contains(answer));
        assertThat(right.nextText()).isEqualTo(V1.success(1_001));
        slowestRoundTrip = Math.max(slowestRoundTrip, System.nanoTime() - at);
        roundTrips++;
        if (System.nanoTime() - nextSample > 0) {
          HubStats stats = served.stats();
          maxInbound = Math.max(maxInbound, stats.inboundQueued());
          maxHeap = Math.max(maxHeap, ServerMain.heapAfterGc());
          nextSample = System.nanoTime() + Duration.ofMillis(500).toNanos();
        }
        if (System.nanoTime() - started > Wire.PATIENCE.toNanos()) {
          throw new AssertionError("the flood is not over within " + Wire.PATIENCE + ": " + sent.get() + " of "
              + total + " sent, " + accounted(deliveredTo, notOnline) + " delivered or not online; "
              + served.stats() + "; senders alive: " + senders.stream().filter(Thread::isAlive).count()
              + "; closes: " + served.events.disconnects.stream().limit(5).toList());
        }
      }
      for (Thread thread : senders) {
        thread.join();
      }
      // A message is often delivered before its sender has read the receipt for it: every
      // message has one receipt ("success send" or "not online"), so wait for all of them too.
      Poll.until(() -> accounted(successTo, notOnline) == total, "a receipt for every message");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      long delivered = 0;
      for (int id = 1; id <= FLOODERS; id++) {
        delivered += deliveredTo.get(id);
      }
      System.out.printf("%s: %d messages from %d clients to random peers in %d ms, %d delivered, %d not online;"
              + " %d bystander round trips, the slowest %d ms; hub backlog at most %d; heap after GC %d MB before,"
              + " at most %d MB during%n", stack, sent.get(), FLOODERS, took.toMillis(), delivered, notOnline.get(),
          roundTrips, slowestRoundTrip / 1_000_000, maxInbound, heapBefore >> 20, maxHeap >> 20);
      assertThat(served.events.disconnects).as("nobody closed").isEmpty();
      assertThat(notOnline.get()).as("nobody was ever not online").isZero();
      for (int id = 1; id <= FLOODERS; id++) {
        assertThat(deliveredTo.get(id)).as("delivered to %d, against its success receipts", id)
            .isEqualTo(successTo.get(id));
      }
      assertThat(maxInbound).as("the hub's backlog").isLessThanOrEqualTo(16_384 + GATE_SLACK);
      assertThat(maxHeap - heapBefore).as("heap growth after GC").isLessThan(HEAP_BOUND);
      assertThat(roundTrips).as("the bystanders were served").isPositive();
    }
  }

  private static long accounted(AtomicLongArray deliveredTo, AtomicLong notOnline) {
    long sum = notOnline.get();
    for (int id = 1; id < deliveredTo.length(); id++) {
      sum += deliveredTo.get(id);
    }
    return sum;
  }

  /**
   * Sends {@code each} messages to random peers from each of {@code clients}, as fast as their
   * sockets take them: a client whose unsent bytes pile up (the server pushes back) skips a turn.
   */
  private static void flood(List<WireClient> clients, int each, AtomicLong sent) {
    String filler = "f".repeat(150);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int[] left = new int[clients.size()];
    java.util.Arrays.fill(left, each);
    for (int remaining = clients.size() * each; remaining > 0; ) {
      boolean any = false;
      for (int c = 0; c < clients.size(); c++) {
        if (left[c] > 0 && clients.get(c).trySend(V1.send(1 + random.nextInt(FLOODERS), filler), 64 * 1024)) {
          left[c]--;
          remaining--;
          sent.incrementAndGet();
          any = true;
        }
      }
      if (!any) {
        LockSupport.parkNanos(1_000_000); // every socket pushes back: give the server the CPU
      }
    }
  }
}
