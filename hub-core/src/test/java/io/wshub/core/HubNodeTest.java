package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.BackplaneFlushTest.RecordingBackplane;
import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What other nodes send a hub's clients is bounded: a hub that falls behind takes at most its
 * inbound queue's size of them, in order, and refuses the rest at once, counting them, so the
 * cluster cannot grow its memory without bound and nothing is lost unseen. Here the test plays the
 * other nodes, and holds the hub's thread.
 */
class HubNodeTest {

  static final int BOUND = 16;
  final RecordingBackplane cluster = new RecordingBackplane();
  final HeldBackExecutor hubThread = new HeldBackExecutor();
  final VirtualTime time = new VirtualTime(); // no timers: the hub runs only when the test lets it
  final Hub<Long> hub = Hub.builder().executor(hubThread).ticker(time).scheduler(time)
      .inboundQueue(BOUND).backplane(cluster).build();
  final FakeClientPort bob = new FakeClientPort();

  @AfterEach
  void stop() throws Exception {
    hubThread.permits.release(Integer.MAX_VALUE / 2);
    hub.shutdown(Duration.ZERO).get(10, TimeUnit.SECONDS);
    hubThread.thread.shutdown();
  }

  @Test
  void aHubThatIsBehindTakesItsInboundQueueOfBroadcastsRoomMessagesAndPresenceEventsAndRefusesTheRest()
      throws Exception {
    hub.connect(2L, bob).receive("{\"type\":5,\"room\":\"lobby\"}");
    hubThread.runOneDrain(); // bob is connected and in the lobby; the hub is held from here on
    assertThat(bob.takeFrames()).containsExactly(
        "{\"type\":2,\"sender\":0,\"receiver\":2,\"room\":\"lobby\",\"content\":\"joined\"}");

    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      sent.add(cluster.node.deliverToAll(broadcast("b" + i)));
    }
    for (int i = 0; i < 12; i++) {
      sent.add(cluster.node.deliverToRoom("lobby", toLobby("r" + i), null));
    }
    sent.add(cluster.node.presence("lobby", 7L, true));

    assertThat(sent.subList(0, BOUND)).as("taken: they wait for the hub").allSatisfy(taken -> assertThat(taken).isNotDone());
    assertThat(sent.subList(BOUND, sent.size())).as("refused at once").hasSize(9).allSatisfy(refused ->
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
            .withMessageContaining("not delivered: the receiver's server is behind (16 messages from other nodes wait for its hub)"));

    hubThread.permits.release(Integer.MAX_VALUE / 2); // the hub catches up
    assertThat(hub.stats().get(10, TimeUnit.SECONDS).clusterDeliveriesRefused()).isEqualTo(9);
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      taken.add(broadcast("b" + i));
    }
    for (int i = 0; i < 4; i++) {
      taken.add(toLobby("r" + i));
    }
    assertThat(bob.takeFrames()).as("the ones taken, in order; none refused").isEqualTo(taken);
    assertThat(cluster.node.deliverToAll(broadcast("after")).get(10, TimeUnit.SECONDS))
        .as("caught up, the hub takes them again").isEqualTo(1);
  }

  @Test
  void sendsFromOtherNodesHaveABoundOfTheirOwnSoBroadcastsDoNotCrowdThemOut() throws Exception {
    hub.connect(2L, bob); // waits in the held hub's mailbox, before everything below

    List<CompletableFuture<Integer>> broadcasts = new ArrayList<>();
    for (int i = 0; i <= BOUND; i++) {
      broadcasts.add(cluster.node.deliverToAll(broadcast("b" + i)));
    }
    List<CompletableFuture<Boolean>> sends = new ArrayList<>();
    for (int i = 0; i <= BOUND; i++) {
      sends.add(cluster.node.deliver(2L, "{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"m" + i + "\"}"));
    }

    assertThat(broadcasts.get(BOUND)).as("the broadcasts' bound is full").isCompletedExceptionally();
    assertThat(sends.subList(0, BOUND)).as("SENDs are still taken").allSatisfy(taken -> assertThat(taken).isNotDone());
    assertThat(sends.get(BOUND)).as("up to their own bound").isCompletedExceptionally();
    hubThread.permits.release(Integer.MAX_VALUE / 2);
    for (CompletableFuture<Boolean> taken : sends.subList(0, BOUND)) {
      assertThat(taken.get(10, TimeUnit.SECONDS)).as("bob took it").isTrue();
    }
    assertThat(hub.stats().get(10, TimeUnit.SECONDS).clusterDeliveriesRefused()).as("a broadcast and a SEND").isEqualTo(2);
    assertThat(bob.frames()).hasSize(2 * BOUND);
  }

  @Test
  void aHubWithoutABackplaneCountsNoRefusals() throws Exception {
    Hub<Long> alone = Hub.builder().build();
    try {
      assertThat(alone.stats().get(10, TimeUnit.SECONDS).clusterDeliveriesRefused()).isZero();
    } finally {
      alone.close();
    }
  }

  static String broadcast(String content) {
    return "{\"sender\":1,\"type\":3,\"content\":\"" + content + "\"}";
  }

  static String toLobby(String content) {
    return "{\"type\":7,\"sender\":1,\"room\":\"lobby\",\"content\":\"" + content + "\"}";
  }
}
