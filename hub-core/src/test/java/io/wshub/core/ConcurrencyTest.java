package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.FakeClientPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hub on its own thread, with many transport threads at once: senders, and clients that
 * connect and disconnect while messages fly. Afterwards every receipt matches what happened to
 * its message, every accepted message arrived exactly once, and the registry and the stats agree.
 */
class ConcurrencyTest {

  private static final int SENDER_THREADS = 4;
  private static final int CLIENTS_PER_SENDER = 25;
  private static final int MESSAGES_PER_SENDER = 2_500;
  private static final int CHURN_THREADS = 2;
  private static final int CHURN_IDS_PER_THREAD = 20;
  private static final int CHURN_ROUNDS = 200;
  private static final long CHURN_BASE = 1_000;

  /** One connection's port, kept with its id: a churned id has many over time. */
  private record Port(long id, FakeClientPort port) {}

  @Test
  void manyThreadsConnectingSendingAndDisconnectingLoseNothingAndDuplicateNothing() throws Exception {
    Hub<Long> hub = Hub.builder().outboundQueueBytes(Integer.MAX_VALUE).build();
    List<Port> ports = new ArrayList<>();
    Map<Long, Connection<Long>> stable = new HashMap<>();
    for (long id = 1; id <= SENDER_THREADS * CLIENTS_PER_SENDER; id++) {
      FakeClientPort port = new FakeClientPort();
      ports.add(new Port(id, port));
      stable.put(id, hub.connect(id, port));
    }
    List<Port> churned = new ArrayList<>();
    Map<Long, List<String>> sentBy = new ConcurrentHashMap<>(); // sender id -> "receiver content" in order
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(SENDER_THREADS + CHURN_THREADS);
    List<Future<?>> work = new ArrayList<>();

    for (int t = 0; t < SENDER_THREADS; t++) {
      int thread = t;
      work.add(threads.submit(() -> {
        go.await();
        SplittableRandom random = new SplittableRandom(thread);
        for (int i = 0; i < MESSAGES_PER_SENDER; i++) {
          long from = 1 + thread * CLIENTS_PER_SENDER + random.nextInt(CLIENTS_PER_SENDER);
          long to = random.nextBoolean()
              ? 1 + random.nextInt(SENDER_THREADS * CLIENTS_PER_SENDER)
              : CHURN_BASE + random.nextInt(CHURN_THREADS * CHURN_IDS_PER_THREAD);
          String content = "m-" + thread + "-" + i;
          sentBy.computeIfAbsent(from, id -> new ArrayList<>()).add(to + " " + content);
          stable.get(from).receive("{\"type\":1,\"receiver\":" + to + ",\"content\":\"" + content + "\"}");
        }
        return null;
      }));
    }
    for (int t = 0; t < CHURN_THREADS; t++) {
      int thread = t;
      List<Port> mine = new ArrayList<>();
      work.add(threads.submit(() -> {
        go.await();
        SplittableRandom random = new SplittableRandom(100 + thread);
        for (int round = 0; round < CHURN_ROUNDS; round++) {
          long id = CHURN_BASE + thread * CHURN_IDS_PER_THREAD + random.nextInt(CHURN_IDS_PER_THREAD);
          FakeClientPort port = new FakeClientPort();
          mine.add(new Port(id, port));
          Connection<Long> connection = hub.connect(id, port);
          connection.closed(CloseCodes.GOING_AWAY, "churn");
        }
        synchronized (churned) {
          churned.addAll(mine);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> each : work) {
      each.get(60, TimeUnit.SECONDS);
    }
    // Answered after every command the threads above put in the mailbox.
    HubStats stats = hub.stats().get(30, TimeUnit.SECONDS);
    threads.shutdown();

    Map<String, Integer> deliveries = new HashMap<>(); // "receiver content" -> times delivered
    List<Port> everyPort = new ArrayList<>(ports);
    everyPort.addAll(churned);
    long receipts = 0;
    for (Port port : everyPort) {
      for (String frame : port.port().frames()) {
        if (frame.startsWith("{\"type\":2")) {
          receipts++;
        } else {
          String content = frame.substring(frame.indexOf("\"content\":\"") + 11, frame.lastIndexOf('"'));
          deliveries.merge(port.id() + " " + content, 1, Integer::sum);
        }
      }
    }
    long successes = 0;
    long notOnline = 0;
    for (Port port : ports) {
      List<String> sent = sentBy.getOrDefault(port.id(), List.of());
      List<String> theirReceipts = port.port().frames().stream().filter(f -> f.startsWith("{\"type\":2")).toList();
      assertThat(theirReceipts).as("one receipt per message of %s", port.id()).hasSameSizeAs(sent);
      for (int i = 0; i < sent.size(); i++) {
        String receiverAndContent = sent.get(i);
        long receiver = Long.parseLong(receiverAndContent.substring(0, receiverAndContent.indexOf(' ')));
        String receipt = theirReceipts.get(i);
        if (receipt.endsWith("\"content\":\"success send\"}")) {
          successes++;
          assertThat(deliveries.get(receiverAndContent)).as("delivered once: %s", receiverAndContent).isEqualTo(1);
        } else {
          notOnline++;
          assertThat(receiver).as("only churned ids are ever offline").isGreaterThanOrEqualTo(CHURN_BASE);
          assertThat(receipt).endsWith("\"content\":\"not online\"}");
          assertThat(deliveries).as("not delivered: %s", receiverAndContent).doesNotContainKey(receiverAndContent);
        }
        assertThat(receipt).contains("\"receiver\":" + receiver + ",");
      }
    }
    assertThat(deliveries.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(successes);
    assertThat(successes + notOnline).isEqualTo((long) SENDER_THREADS * MESSAGES_PER_SENDER);
    assertThat(notOnline).as("the churn really raced the senders").isPositive();

    int stableCount = SENDER_THREADS * CLIENTS_PER_SENDER;
    assertThat(stats.connections()).isEqualTo(stableCount);
    assertThat(stats.onlineIds()).isEqualTo(stableCount);
    assertThat(stats.connectionsAccepted()).isEqualTo(stableCount + CHURN_THREADS * CHURN_ROUNDS);
    assertThat(stats.successReceipts()).isEqualTo(successes);
    assertThat(stats.notOnlineReceipts()).isEqualTo(notOnline);
    assertThat(stats.framesReceived()).isEqualTo((long) SENDER_THREADS * MESSAGES_PER_SENDER);
    assertThat(stats.framesDelivered()).isEqualTo(successes + receipts);
    assertThat(stats.slowConsumerCloses() + stats.replacedCloses() + stats.errorReplies()).isZero();
    for (long id = CHURN_BASE; id < CHURN_BASE + CHURN_THREADS * CHURN_IDS_PER_THREAD; id++) {
      assertThat(hub.isOnline(id).get(5, TimeUnit.SECONDS)).as("churned id %s is gone", id).isFalse();
    }
    hub.shutdown(Duration.ZERO).get(5, TimeUnit.SECONDS);
    assertThat(ports).allSatisfy(port -> assertThat(port.port().closeCode()).hasValue(CloseCodes.GOING_AWAY));
  }
}
