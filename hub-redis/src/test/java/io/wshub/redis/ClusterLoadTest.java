package io.wshub.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.jakarta.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster under load, as users run one: 200 clients on two nodes (two hubs, each on its own
 * hub-server port) of one real Redis send 20,000 1:1 messages, four in five of them to the other
 * node, all clients at once, each with up to 4 messages on their way (as a client that waits for
 * its receipts does). Every message must arrive exactly once, in order per sender and receiver,
 * and its sender must get exactly one "success send" for it: nothing lost, nothing doubled,
 * nothing reordered, no receipt missing or extra, no error.
 *
 * <p>Here rather than in the chat-server's tests: this is what {@code hub-redis} promises (the
 * chat adds a page, not routing), and in one JVM the test sees both hubs and needs no process of
 * its own per node. Speed is not asserted (the benchmarks measure it); the time is printed.
 */
class ClusterLoadTest {

  /** Ids 1..200; client {@code c} (0-based) has id {@code c + 1}, on node A when {@code c} is even. */
  static final int CLIENTS = 200;
  /**
   * Whom client {@code c} sends to: {@code c + offset}. Odd offsets are on the other node, so four
   * of five receivers, and as many messages, cross; each client also receives from five senders.
   */
  static final int[] OFFSETS = {1, 2, 3, 5, 7};
  static final int PER_PAIR = 20;
  static final int MESSAGES = CLIENTS * OFFSETS.length * PER_PAIR;
  /**
   * Unreceipted messages a client may have, as a client that waits for its receipts does (the test
   * below sends without waiting).
   */
  static final int WINDOW = 4;

  static final Pattern SEND = Pattern.compile("\\{\"sender\":(\\d+),\"type\":1,\"receiver\":(\\d+),\"content\":\"[^\"]*\"}");
  static final Pattern RECEIPT = Pattern.compile("\\{\"type\":2,\"sender\":0,\"receiver\":(\\d+),\"content\":\"([^\"]*)\"}");

  RedisServer redis;
  TestNode a;
  TestNode b;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeEach
  void startCluster() {
    redis = RedisServer.start();
    String prefix = "l" + UUID.randomUUID().toString().substring(0, 8);
    a = new TestNode(redis, prefix, Hub.builder());
    b = new TestNode(redis, prefix, Hub.builder());
  }

  @AfterEach
  void stopCluster() {
    clients.forEach(WsClient::abort);
    a.close();
    b.close();
    redis.close();
  }

  static long id(int client) {
    return client + 1;
  }

  static int receiver(int sender, int offset) {
    return (sender + offset) % CLIENTS;
  }

  static String message(int receiver, String content) {
    return "{\"type\":1,\"receiver\":" + id(receiver) + ",\"content\":\"" + content + "\"}";
  }

  /** What the receiver gets: the same frame, its sender stamped by the hub. */
  static String delivered(int sender, int receiver, String content) {
    return "{\"sender\":" + id(sender) + ",\"type\":1,\"receiver\":" + id(receiver) + ",\"content\":\"" + content + "\"}";
  }

  static String content(int sender, int seq) {
    return id(sender) + "-" + seq;
  }

  @Test
  void twentyThousandMessagesMostlyAcrossNodesArriveExactlyOnceInOrderEachWithOneReceipt() throws Exception {
    run(WINDOW);
  }

  /**
   * The same 20,000 at once, no client waiting for a receipt: far more than a node's one Redis
   * connection can have on its way (Lettuce refuses beyond 10,000 commands). The backplane holds
   * back what the hubs send, in batches that grow while Redis is busy, so nothing is refused and
   * nothing times out: every message is delivered and receipted as in the windowed run. (Before
   * the batches, 8 of 9 runs here told up to 559 senders "not online" for messages that had been
   * delivered, their receipts refused by the connection.)
   */
  @Test
  void twentyThousandMessagesInOneBurstArriveExactlyOnceInOrderEachWithOneReceipt() throws Exception {
    run(Integer.MAX_VALUE);
  }

  /** Connects the 200 clients, runs the load with at most {@code window} unreceipted messages per client, checks every frame. */
  void run(int window) throws Exception {
    for (int c = 0; c < CLIENTS; c++) {
      TestNode here = c % 2 == 0 ? a : b;
      TestNode there = c % 2 == 0 ? b : a;
      clients.add(here.connect(id(c)));
      long id = id(c);
      Poll.until(Duration.ofSeconds(5), id + " online from the other node", () -> there.isOnline(id));
    }
    List<Received> received = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      received.add(new Received(id(c), clients.get(c)));
    }

    // A thread per client, all at once: each sends its 100 messages round the five receivers
    // (so each pair's 20 are spread over the whole run), with at most `window` unreceipted.
    long start = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        work.add(() -> {
          Received got = received.get(client);
          int sent = 0;
          for (int seq = 0; seq < PER_PAIR; seq++) {
            for (int offset : OFFSETS) {
              while (sent - got.receiptCount >= window) {
                got.take();
              }
              clients.get(client).send(message(receiver(client, offset), content(client, seq)));
              sent++;
            }
          }
          got.takeUntil(0, OFFSETS.length * PER_PAIR);
          return null;
        });
      }
      for (Future<Void> done : senders.invokeAll(work)) {
        done.get();
      }
    } finally {
      senders.shutdownNow();
    }
    long took = System.nanoTime() - start;

    // A fence on each path, once every message is receipted: every client sends one more message
    // to a receiver on the other node and one on its own. A message on its way, sent twice, or a
    // stray receipt would have been published before the fence on the same Redis channel (or
    // queued before it in the same hub), so it arrives before the fence: what a client holds when
    // its two fences and its receipts for them have arrived is all it will ever get of this run.
    for (int c = 0; c < CLIENTS; c++) {
      clients.get(c).send(message(receiver(c, 1), "fence"));
      clients.get(c).send(message(receiver(c, 2), "fence"));
    }
    for (int c = 0; c < CLIENTS; c++) {
      received.get(c).takeUntil(2, OFFSETS.length * PER_PAIR + 2);
    }

    // Every client's frames against what it should have got; all differences at once, so that a
    // failure says what went wrong everywhere, not only at the first client.
    List<String> problems = new ArrayList<>();
    int crossNode = 0;
    for (int c = 0; c < CLIENTS; c++) {
      Received got = received.get(c);
      if (!got.other.isEmpty()) {
        problems.add(id(c) + " got " + got.other.size() + " frames that are neither messages nor receipts: " + got.other);
      }
      // Deliveries: from each of its five senders exactly their messages, in the order sent, then the fence.
      Map<Long, List<String>> expected = new LinkedHashMap<>();
      for (int offset : OFFSETS) {
        int sender = (c - offset + CLIENTS) % CLIENTS;
        List<String> frames = new ArrayList<>();
        for (int seq = 0; seq < PER_PAIR; seq++) {
          frames.add(delivered(sender, c, content(sender, seq)));
        }
        if (offset <= 2) {
          frames.add(delivered(sender, c, "fence"));
        }
        expected.put(id(sender), frames);
        if (offset % 2 == 1) {
          crossNode += PER_PAIR;
        }
      }
      for (Long sender : union(expected.keySet(), got.bySender.keySet())) {
        String wrong = difference(expected.getOrDefault(sender, List.of()), got.bySender.getOrDefault(sender, List.of()));
        if (wrong != null) {
          problems.add(id(c) + " from " + sender + ": " + wrong);
        }
      }
      // Receipts: exactly one "success send" for each message it sent, fences included.
      Map<String, Integer> receipts = new HashMap<>();
      for (int offset : OFFSETS) {
        receipts.put("success send from " + id(receiver(c, offset)), PER_PAIR + (offset <= 2 ? 1 : 0));
      }
      if (!got.receipts.equals(receipts)) {
        problems.add(id(c) + "'s receipts were " + got.receipts + " instead of " + receipts);
      }
      String after = clients.get(c).pollFrame(0);
      if (after != null) {
        problems.add(id(c) + " got " + after + " after its fences");
      }
    }
    assertThat(problems).as("%d of %d clients got what they should not", problems.size(), CLIENTS).isEmpty();
    assertThat(crossNode).isEqualTo(MESSAGES * 4 / 5);
    System.out.printf("%,d messages (%,d across nodes) from %d clients on two nodes, %s, delivered and receipted in %d ms%n",
        MESSAGES, crossNode, CLIENTS, window == Integer.MAX_VALUE ? "at once" : "window " + window,
        TimeUnit.NANOSECONDS.toMillis(took));
  }

  static <T> Set<T> union(Set<T> one, Set<T> other) {
    Set<T> all = new TreeSet<>(one);
    all.addAll(other);
    return all;
  }

  /** What is wrong with the frames one sender's messages arrived as, or null when they are exactly as sent. */
  static String difference(List<String> sent, List<String> arrived) {
    if (sent.equals(arrived)) {
      return null;
    }
    List<String> missing = new ArrayList<>(sent);
    arrived.forEach(missing::remove);
    List<String> extra = new ArrayList<>(arrived);
    sent.forEach(extra::remove);
    List<String> inBoth = new ArrayList<>(arrived);
    inBoth.removeIf(frame -> !sent.contains(frame));
    List<String> sentOrder = new ArrayList<>(new LinkedHashSet<>(sent));
    sentOrder.removeIf(frame -> !arrived.contains(frame));
    List<String> wrong = new ArrayList<>();
    if (!missing.isEmpty()) {
      wrong.add(missing.size() + " of " + sent.size() + " never arrived " + contents(missing));
    }
    if (!extra.isEmpty()) {
      wrong.add(extra.size() + " too many " + contents(extra));
    }
    if (extra.isEmpty() && !inBoth.equals(sentOrder)) {
      wrong.add("out of order: " + contents(arrived));
    }
    return String.join("; ", wrong);
  }

  static List<String> contents(List<String> frames) {
    return frames.stream().map(frame -> frame.substring(frame.lastIndexOf(":\"") + 2, frame.length() - 2)).toList();
  }

  /**
   * One client's frames, sorted as they arrive: its messages by sender, its receipts by content
   * and receiver. Read by one thread at a time (its client's sender, then the test's).
   */
  static final class Received {
    final long id;
    final WsClient client;
    final Map<Long, List<String>> bySender = new LinkedHashMap<>();
    /** Receipts counted by content and receiver: "success send from 7" (an error reply counts as one too). */
    final Map<String, Integer> receipts = new HashMap<>();
    final List<String> other = new ArrayList<>();
    int fences;
    int receiptCount;

    Received(long id, WsClient client) {
      this.id = id;
      this.client = client;
    }

    /** Takes frames until both counts are reached; fails after {@link WsClient#PATIENCE} without a frame. */
    void takeUntil(int fences, int receipts) {
      while (this.fences < fences || receiptCount < receipts) {
        try {
          take();
        } catch (AssertionError e) {
          throw new AssertionError(id + " waited for " + fences + " fences and " + receipts + " receipts, got " + this.fences
              + " and " + this.receipts + ", and from its senders " + bySender.values().stream().mapToInt(List::size).sum()
              + " messages", e);
        }
      }
    }

    /** Takes the next frame; fails after {@link WsClient#PATIENCE} without one. */
    void take() {
      String frame = client.nextFrame();
      Matcher send = SEND.matcher(frame);
      Matcher receipt = RECEIPT.matcher(frame);
      if (send.matches()) {
        bySender.computeIfAbsent(Long.parseLong(send.group(1)), sender -> new ArrayList<>()).add(frame);
        if (frame.endsWith("\"fence\"}")) {
          fences++;
        }
      } else if (receipt.matches()) {
        receipts.merge(receipt.group(2) + " from " + receipt.group(1), 1, Integer::sum);
        receiptCount++;
      } else {
        other.add(frame);
      }
    }
  }
}
