package io.wshub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wshub.core.CloseCodes;
import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import io.wshub.core.Message;
import io.wshub.core.MessageType;
import io.wshub.jakarta.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two or three hubs in one JVM on one real Redis act as one hub. */
class ClusterTest {

  static RedisServer redis;
  final List<AutoCloseable> closing = new ArrayList<>();
  final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  TestNode node() {
    return node(Hub.builder());
  }

  TestNode node(io.wshub.core.HubBuilder<Long> builder) {
    TestNode node = new TestNode(redis, prefix, builder);
    closing.add(node);
    return node;
  }

  WsClient client(TestNode node, long id, TestNode... others) {
    WsClient client = node.connect(id);
    closing.add(client::abort);
    for (TestNode other : others) {
      Poll.until(Duration.ofSeconds(3), id + " online on the other nodes", () -> other.isOnline(id));
    }
    return client;
  }

  static String receipt(long receiver, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + receiver + ",\"content\":\"" + content + "\"}";
  }

  static String presence(long id, String room, String content) {
    return "{\"type\":2,\"sender\":0,\"receiver\":" + id + ",\"room\":\"" + room + "\",\"content\":\"" + content + "\"}";
  }

  static String join(String room) {
    return "{\"type\":5,\"room\":\"" + room + "\"}";
  }

  /** Joins {@code room} and returns once the joiner was told (so the cluster has it). */
  static void joinAndWait(WsClient client, long id, String room) {
    client.send(join(room));
    assertThat(client.nextFrame()).isEqualTo(presence(id, room, "joined"));
  }

  /** Proves {@code client} was sent nothing more: a probe from {@code via} is the next thing it receives. */
  static void assertNothingMore(WsClient client, long id, WsClient via, String why) {
    String probe = "probe " + System.nanoTime();
    via.send("{\"type\":1,\"receiver\":" + id + ",\"content\":\"" + probe + "\"}");
    assertThat(client.nextFrame()).as(why).contains(probe);
    assertThat(via.nextFrame()).isEqualTo(receipt(id, "success send"));
  }

  /**
   * A hub that falls behind (here a listener that blocks its thread) takes at most its inbound
   * queue's size of deliveries from other nodes; beyond it each is refused at once and its sender is
   * told it was not delivered, never "not online" and never queued without bound. The ones it took
   * arrive, in order, once it catches up.
   */
  @Test
  void aNodeWhoseHubIsBehindRefusesDeliveriesBeyondItsInboundQueueAndSaysSo() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestNode a = node();
    TestNode b = node(Hub.<Long>builder().inboundQueue(16).listener(holdingOn99(stalled, release)));
    WsClient alice = client(a, 1, b);
    WsClient bob = client(b, 2, a);
    holdHubOf(b, stalled, release);

    for (int i = 0; i < 20; i++) {
      alice.send("{\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
    }
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refusals.add(alice.nextFrame()); // answered while b is still held
    }
    release.countDown();
    for (int i = 0; i < 16; i++) {
      assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
    }
    for (int i = 0; i < 16; i++) {
      assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    }

    assertThat(refusals).allSatisfy(frame -> assertThat(frame).isEqualTo(
        "{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: cluster unavailable: no receipt for the message to 2 "
        + "(not delivered: the receiver's server is behind (16 messages from other nodes wait for its hub))\"}"));
    assertNothingMore(bob, 2, alice, "the refused four never arrive");
  }

  /**
   * BROADCAST and ROOM messages from other nodes are bounded as SENDs are, by a count of their own:
   * a node whose hub is behind takes its inbound queue's size of them and refuses the rest at once.
   * They have no receipt, so the node's stats count the refused ones (and its log says so). The
   * ones it took arrive, in order, once it catches up; SENDs are taken meanwhile, to their own bound.
   */
  @Test
  void aNodeWhoseHubIsBehindTakesItsInboundQueueOfBroadcastsAndRoomMessagesAndCountsTheRefusedRest() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestNode a = node();
    TestNode b = node(Hub.<Long>builder().inboundQueue(16).listener(holdingOn99(stalled, release)));
    WsClient alice = client(a, 1, b);
    WsClient bob = client(b, 2, a);
    joinAndWait(alice, 1, "lobby");
    joinAndWait(bob, 2, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(2, "lobby", "joined"));
    holdHubOf(b, stalled, release);

    for (int i = 0; i < 12; i++) {
      alice.send("{\"type\":3,\"content\":\"b" + i + "\"}");
    }
    for (int i = 0; i < 12; i++) {
      alice.send(toLobby("r" + i));
    }
    for (int i = 0; i < 17; i++) {
      alice.send("{\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
    }
    for (int i = 0; i < 12; i++) {
      assertThat(alice.nextFrame()).isEqualTo(broadcastFrom1("b" + i)); // her own, from her node
    }
    for (int i = 0; i < 12; i++) {
      assertThat(alice.nextFrame()).isEqualTo(toLobby("r" + i));
    }
    // The 17th SEND is refused while B is held: so B has heard everything A published before it
    // (one Redis connection each, in order), and released now takes nothing more.
    assertThat(alice.nextFrame()).startsWith("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: "
        + "cluster unavailable: no receipt for the message to 2 (not delivered: the receiver's server is behind");
    release.countDown();

    for (int i = 0; i < 12; i++) {
      assertThat(bob.nextFrame()).isEqualTo(broadcastFrom1("b" + i));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(bob.nextFrame()).isEqualTo(toLobby("r" + i));
    }
    for (int i = 0; i < 16; i++) {
      assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
    }
    for (int i = 0; i < 16; i++) {
      assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    }
    assertNothingMore(bob, 2, alice, "the refused eight room messages never arrive");
    assertThat(b.hub.stats().get(5, TimeUnit.SECONDS).clusterDeliveriesRefused())
        .as("eight room messages and a SEND refused").isEqualTo(9);
  }

  static String broadcastFrom1(String content) {
    return "{\"sender\":1,\"type\":3,\"content\":\"" + content + "\"}";
  }

  static String toLobby(String content) {
    return "{\"type\":7,\"sender\":1,\"room\":\"lobby\",\"content\":\"" + content + "\"}";
  }

  /** Connects a client as 99 to {@code node}, built with {@link #holdingOn99}, and returns once its hub's thread is held. */
  void holdHubOf(TestNode node, CountDownLatch held, CountDownLatch hold) throws InterruptedException {
    WsClient slow = WsClient.connect(TestNode.HTTP, node.uri(99), Map.of());
    closing.add(slow::abort);
    closing.add(hold::countDown); // never leave the hub's thread waiting
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the hub's thread is held").isTrue();
  }

  @Test
  void aSendToAnIdOnAnotherNodeArrivesInOrderAndEachIsReceiptedByWhatThatNodeDid() {
    TestNode a = node();
    TestNode b = node();
    WsClient alice = client(a, 1, b);
    WsClient bob = client(b, 2, a);

    for (int i = 0; i < 300; i++) {
      alice.send("{\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
    }

    for (int i = 0; i < 300; i++) {
      assertThat(bob.nextFrame()).isEqualTo("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}");
      assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    }
    alice.send("{\"type\":1,\"receiver\":99,\"content\":\"nobody\"}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(99, "not online"));
  }

  @Test
  void broadcastReachesEveryConnectionOnEveryNodeOnce() throws Exception {
    TestNode a = node();
    TestNode b = node();
    TestNode c = node();
    WsClient alice = client(a, 1, b, c);
    WsClient bob = client(b, 2, a, c);
    WsClient carol = client(c, 3, a, b);

    alice.send("{\"type\":3,\"content\":\"all\"}");
    b.hub.broadcast(Message.of(MessageType.BROADCAST, 0L, null, "from the server")).get(5, TimeUnit.SECONDS);

    for (WsClient each : List.of(alice, bob, carol)) {
      // Two senders on two nodes: each arrives once, in either order.
      assertThat(List.of(each.nextFrame(), each.nextFrame())).containsExactlyInAnyOrder(
          "{\"sender\":1,\"type\":3,\"content\":\"all\"}",
          "{\"type\":3,\"sender\":0,\"content\":\"from the server\"}");
      assertThat(each.pollFrame(200)).as("no duplicate").isNull();
    }
  }

  @Test
  void aNewConnectionOnAnotherNodeReplacesTheOlderOneWith4000WithinThreeSeconds() {
    TestNode a = node();
    TestNode b = node();
    WsClient first = client(a, 1, b);
    WsClient carol = client(a, 3, b);

    WsClient second = client(b, 1);
    // The design's bound, counted from when B has the newer connection (not from its handshake).
    Poll.until(Duration.ofSeconds(3), "the older connection on A closed", first::isClosed);
    assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);

    carol.send("{\"type\":1,\"receiver\":1,\"content\":\"to the newer one\"}");
    assertThat(second.nextFrame()).contains("to the newer one");
    assertThat(carol.nextFrame()).isEqualTo(receipt(1, "success send"));
  }

  @Test
  void theServersSendIsOnlineAndPresenceSeeTheWholeCluster() throws Exception {
    TestNode a = node();
    TestNode b = node();
    WsClient alice = client(a, 1, b);
    WsClient bob = client(b, 2, a);

    assertThat(a.hub.isOnline(2L).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(a.hub.isOnline(77L).get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(a.hub.send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "mail")).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"mail\"}");
    assertThat(a.hub.send(77L, Message.of(MessageType.SYSTEM, 0L, 77L, "none")).get(5, TimeUnit.SECONDS)).isFalse();

    alice.send("{\"type\":8,\"receiver\":2}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "online"));
    alice.send("{\"type\":8,\"receiver\":77}");
    assertThat(alice.nextFrame()).isEqualTo(receipt(77, "not online"));
  }

  /** A listener that holds its hub's thread while a client connects as 99, until {@code hold} opens. */
  static HubListener<Long> holdingOn99(CountDownLatch hold) {
    return holdingOn99(new CountDownLatch(1), hold);
  }

  /**
   * A listener that holds its hub's thread (a slow listener) while a client connects as 99:
   * {@code held} opens when it starts to, and it waits until {@code hold} opens, 20 s at most.
   */
  static HubListener<Long> holdingOn99(CountDownLatch held, CountDownLatch hold) {
    return new HubListener<>() {
      @Override
      public void onConnect(Long id) {
        if (id == 99) {
          held.countDown();
          try {
            hold.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  @Test
  void aLateReplacementFromAnOlderConnectionNeverClosesTheNewerOne() throws Exception {
    // Node A's hub thread is held while a client connects as 99, so what A is told meanwhile
    // waits in its mailbox, in order: the race a fast reconnect makes, made every time.
    CountDownLatch hold = new CountDownLatch(1);
    TestNode a = node(Hub.builder().listener(holdingOn99(hold)));
    TestNode b = node();
    WsClient first = client(a, 1, b);
    WsClient carol = client(b, 3, a);
    closing.add(WsClient.connect(a.uri(99))::abort);   // A's thread now waits
    WsClient newest = WsClient.connect(a.uri(1));       // A will take it after the hold
    closing.add(newest::abort);
    WsClient middle = client(b, 1);                     // B announces it now: A is told to close 1
    Poll.until(Duration.ofSeconds(5), "B's connection of 1 announced",
        () -> ":0".equals(redis.command("HEXISTS " + prefix + ":id:1 " + a.backplane.nodeId())));

    hold.countDown(); // A registers the newest connection, then hears that B's replaced its first

    assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);
    assertThat(middle.awaitClose()).as("B's connection is older than A's newest").isEqualTo(CloseCodes.REPLACED);
    carol.send("{\"type\":1,\"receiver\":1,\"content\":\"to the newest\"}");
    assertThat(newest.nextFrame()).as("the newest connection lives").contains("to the newest");
    assertThat(carol.nextFrame()).isEqualTo(receipt(1, "success send"));
    assertThat(newest.isClosed()).isFalse();
  }

  @Test
  void aLateCleanUpOfAnOlderConnectionNeverTakesTheNewerOneOffline() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    TestNode a = node(Hub.builder().listener(holdingOn99(hold)));
    TestNode b = node();
    WsClient first = client(a, 1, b);
    WsClient carol = client(b, 3, a);
    closing.add(WsClient.connect(a.uri(99))::abort);   // A's thread now waits
    first.abort();                                      // A hears of the close only after the hold
    WsClient moved = client(b, 1);                      // the reconnect on B is announced first
    Poll.until(Duration.ofSeconds(5), "B's connection of 1 announced",
        () -> ":1".equals(redis.command("HEXISTS " + prefix + ":id:1 " + b.backplane.nodeId())));

    hold.countDown(); // A now tells Redis that its connection of 1 is gone: later than B's news

    a.events.awaitDisconnect(1); // A has let go of it, and told Redis so before anything asked below
    assertThat(a.isOnline(1)).as("1 is still online, on B").isTrue();
    carol.send("{\"type\":1,\"receiver\":1,\"content\":\"to the one on B\"}");
    assertThat(moved.nextFrame()).contains("to the one on B");
    assertThat(carol.nextFrame()).isEqualTo(receipt(1, "success send"));
  }

  @Test
  void theServersRoomCallsSeeTheWholeCluster() throws Exception {
    TestNode a = node();
    TestNode b = node();
    WsClient alice = client(a, 1, b);
    WsClient bob = client(b, 2, a);
    joinAndWait(alice, 1, "lobby");
    joinAndWait(bob, 2, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(2, "lobby", "joined"));

    assertThat(a.hub.members("lobby").get(5, TimeUnit.SECONDS)).containsExactly(1L, 2L);
    assertThat(a.hub.join(2L, "staff").get(5, TimeUnit.SECONDS)).as("2 is on the other node").isTrue();
    assertThat(bob.nextFrame()).isEqualTo(presence(2, "staff", "joined"));
    assertThat(a.hub.rooms(2L).get(5, TimeUnit.SECONDS)).containsExactly("lobby", "staff");
    assertThat(a.hub.sendToRoom("lobby", Message.toRoom(MessageType.ROOM, 0L, "lobby", "welcome"), 1L)
        .get(5, TimeUnit.SECONDS)).as("counted on this node, where only 1 is, left out").isZero();
    assertThat(bob.nextFrame()).isEqualTo("{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"welcome\"}");
    assertNothingMore(alice, 1, bob, "1 was left out");
    assertThat(a.hub.leave(2L, "staff").get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(bob.nextFrame()).isEqualTo(presence(2, "staff", "left"));
    assertThat(b.hub.rooms(2L).get(5, TimeUnit.SECONDS)).containsExactly("lobby");
    assertThat(a.hub.join(77L, "staff").get(5, TimeUnit.SECONDS)).as("77 is nowhere").isFalse();

    b.hub.close(); // a node that stops tells the other nodes' rooms who left
    assertThat(alice.nextFrame()).isEqualTo(presence(2, "lobby", "left"));
    assertThat(a.hub.members("lobby").get(5, TimeUnit.SECONDS)).containsExactly(1L);
  }

  @Test
  void underRejectNewASecondConnectionOnAnotherNodeIsRejectedWith1008() {
    TestNode a = node(Hub.builder().duplicateIds(DuplicateIdPolicy.REJECT_NEW));
    TestNode b = node(Hub.builder().duplicateIds(DuplicateIdPolicy.REJECT_NEW));
    WsClient first = client(a, 1, b);

    WsClient second = WsClient.connect(b.uri(1));
    closing.add(second::abort);
    assertThat(second.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);

    // A connection the cluster accepts keeps what it sent while the cluster was asked.
    WsClient carol = WsClient.connect(b.uri(3));
    closing.add(carol::abort);
    carol.send("{\"type\":1,\"receiver\":1,\"content\":\"sent at once\"}");
    assertThat(first.nextFrame()).contains("sent at once");
    assertThat(carol.nextFrame()).isEqualTo(receipt(1, "success send"));
    assertThat(first.isClosed()).isFalse();
  }

  @Test
  void aNodeBuiltWhileRedisIsDownServesItsOwnAndJoinsTheClusterWhenRedisComesUp() throws Exception {
    RedisServer own = RedisServer.start();
    closing.add(own);
    own.stop();
    List<Boolean> heard = new CopyOnWriteArrayList<>();
    HubListener<Long> status = new HubListener<>() {
      @Override
      public void onClusterReachable(boolean reachable) {
        heard.add(reachable);
      }
    };
    TestNode a = new TestNode(own, prefix, Hub.builder().listener(status));
    closing.add(a);
    assertThat(a.clusterReachable()).isFalse();
    WsClient alice = client(a, 1);
    WsClient carol = client(a, 3);
    alice.send("{\"type\":1,\"receiver\":3,\"content\":\"alone\"}");
    assertThat(carol.nextFrame()).contains("alone");
    assertThat(alice.nextFrame()).isEqualTo(receipt(3, "success send"));
    joinAndWait(alice, 1, "lobby");
    own.restart();
    Poll.until(Duration.ofSeconds(10), "the node joined the cluster", a::clusterReachable);
    TestNode b = new TestNode(own, prefix, Hub.builder());
    closing.add(b);
    WsClient bob = client(b, 2, a);
    assertThat(b.isOnline(1)).as("announced when Redis came up").isTrue();
    joinAndWait(bob, 2, "lobby");
    assertThat(alice.nextFrame()).as("its membership was announced too").isEqualTo(presence(2, "lobby", "joined"));
    assertThat(heard).containsExactly(false, true);
  }

  @Test
  void aConnectionThatClosesIsNotOnlineClusterWideWithinThreeSeconds() {
    TestNode a = node();
    TestNode b = node();
    WsClient bob = client(b, 2, a);

    bob.closeAndWait();

    Poll.until(Duration.ofSeconds(3), "2 not online from the other node", () -> !a.isOnline(2));
  }

  @Test
  void withRedisDownLocalTrafficGoesOnRemoteSendsAreAnsweredAndTheNodeRecoversWhenItIsBack() throws Exception {
    RedisServer own = RedisServer.start();
    closing.add(own);
    List<Boolean> heard = new CopyOnWriteArrayList<>();
    HubListener<Long> status = new HubListener<>() {
      @Override
      public void onClusterReachable(boolean reachable) {
        heard.add(reachable);
      }
    };
    TestNode a = new TestNode(own, prefix, Hub.builder().listener(status));
    closing.add(a);
    TestNode b = new TestNode(own, prefix, Hub.builder());
    closing.add(b);
    WsClient alice = client(a, 1, b);
    WsClient carol = client(a, 3, b);
    WsClient bob = client(b, 2, a);
    joinAndWait(alice, 1, "lobby");
    joinAndWait(carol, 3, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(3, "lobby", "joined"));
    joinAndWait(bob, 2, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(2, "lobby", "joined"));
    assertThat(carol.nextFrame()).isEqualTo(presence(2, "lobby", "joined"));

    own.stop();

    // Local traffic is unaffected.
    alice.send("{\"type\":1,\"receiver\":3,\"content\":\"still here\"}");
    assertThat(carol.nextFrame()).contains("still here");
    assertThat(alice.nextFrame()).isEqualTo(receipt(3, "success send"));
    // A message for another node is answered, never silent.
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"lost?\"}");
    assertThat(alice.nextFrame()).startsWith("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: cluster unavailable: "
        + "no receipt for the message to 2 (not delivered: ");
    Poll.until(Duration.ofSeconds(5), "stats say the cluster is unreachable", () -> !a.clusterReachable());
    assertThat(heard).containsExactly(false);
    // The room works here; the sender learns the other nodes' members did not get it.
    String inRoom = "{\"type\":7,\"sender\":1,\"room\":\"lobby\",\"content\":\"anyone there?\"}";
    alice.send(inRoom);
    assertThat(carol.nextFrame()).isEqualTo(inRoom);
    assertThat(alice.nextFrame()).isEqualTo(inRoom);
    assertThat(alice.nextFrame()).startsWith("{\"type\":2,\"sender\":0,\"receiver\":1,\"content\":\"error: "
        + "cluster unavailable: the message to room \\\"lobby\\\" reached only this server's members");
    carol.send("{\"type\":6,\"room\":\"lobby\"}");
    assertThat(carol.nextFrame()).isEqualTo(presence(3, "lobby", "left"));
    assertThat(alice.nextFrame()).as("told here, by what this node knows").isEqualTo(presence(3, "lobby", "left"));
    // The server's calls that need the cluster fail their futures, after what could be done here.
    assertThatThrownBy(() -> a.hub.members("lobby").get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> a.hub.sendToRoom("lobby", Message.toRoom(MessageType.ROOM, 0L, "lobby", "server"))
        .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(alice.nextFrame()).isEqualTo("{\"type\":7,\"sender\":0,\"room\":\"lobby\",\"content\":\"server\"}");
    alice.send("{\"type\":3,\"content\":\"everyone?\"}");
    assertThat(alice.nextFrame()).isEqualTo("{\"sender\":1,\"type\":3,\"content\":\"everyone?\"}");
    assertThat(carol.nextFrame()).isEqualTo("{\"sender\":1,\"type\":3,\"content\":\"everyone?\"}");
    assertThat(alice.nextFrame()).contains("error: cluster unavailable: the broadcast reached only this server's connections");

    own.restart(); // empty: Redis lost every key
    long back = System.nanoTime();
    Poll.until(Duration.ofSeconds(10), "reachable again", a::clusterReachable);
    Poll.until(Duration.ofSeconds(10), "2 announced again", () -> a.isOnline(2));
    Poll.until(Duration.ofSeconds(10), "1 announced again", () -> b.isOnline(1));
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"back\"}");
    assertThat(bob.nextFrame()).contains("back");
    assertThat(alice.nextFrame()).isEqualTo(receipt(2, "success send"));
    assertThat(heard).containsExactly(false, true);
    // Rooms and memberships were announced again, and the other node's members are told what
    // they missed (once every node is back: a node TTL later).
    assertThat(b.hub.members("lobby").get(5, TimeUnit.SECONDS)).containsExactly(1L, 2L);
    assertThat(bob.nextFrame()).as("carol left while Redis was away").isEqualTo(presence(3, "lobby", "left"));
    System.out.printf("after Redis restarted empty, the other node's member heard of a leave it missed %d ms later%n",
        Duration.ofNanos(System.nanoTime() - back).toMillis());
    alice.send(inRoom);
    assertThat(bob.nextFrame()).isEqualTo(inRoom);
    assertThat(alice.nextFrame()).isEqualTo(inRoom);
    assertNothingMore(alice, 1, bob, "and nothing twice");
  }

  @Test
  void aNodeThatDiesWithoutAWordStopsCountingWithinItsTtlAndOneSurvivorTellsItsRoomsWhoLeft() throws Exception {
    TestNode a = node();
    TestNode b = node();
    TestNode c = node();
    WsClient alice = client(a, 1, b, c);
    WsClient bob = client(b, 2, a, c);
    WsClient eve = client(c, 5, a, b);
    joinAndWait(alice, 1, "lobby");
    joinAndWait(bob, 2, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(2, "lobby", "joined"));
    joinAndWait(eve, 5, "lobby");
    assertThat(alice.nextFrame()).isEqualTo(presence(5, "lobby", "joined"));
    assertThat(bob.nextFrame()).isEqualTo(presence(5, "lobby", "joined"));

    long start = System.nanoTime();
    c.backplane.crash();

    // The README's bounds: not counting within the TTL (6 s; a second more allowed), rooms told within 15 s.
    Duration gone = Poll.until(Duration.ofSeconds(7), "5 not online", () -> !a.isOnline(5) && !b.isOnline(5));
    long toldBy = start + Duration.ofSeconds(15).toNanos();
    assertThat(alice.pollFrame(Math.max(0, (toldBy - System.nanoTime()) / 1_000_000)))
        .as("the survivors' members are told within 15 s").isEqualTo(presence(5, "lobby", "left"));
    Duration told = Duration.ofNanos(System.nanoTime() - start);
    assertThat(bob.nextFrame()).isEqualTo(presence(5, "lobby", "left"));
    assertThat(a.backplane.nodesReaped() + b.backplane.nodesReaped()).as("one survivor cleaned up").isEqualTo(1);
    assertNothingMore(alice, 1, bob, "told once");
    assertNothingMore(bob, 2, alice, "told once");
    assertThat(redis.command("HLEN " + prefix + ":id:5")).isEqualTo(":0");
    assertThat(a.hub.members("lobby").get(5, TimeUnit.SECONDS)).containsExactly(1L, 2L);
    System.out.printf("a node that died stopped counting after %d ms; its rooms were told who left after %d ms%n",
        gone.toMillis(), told.toMillis());
  }
}
