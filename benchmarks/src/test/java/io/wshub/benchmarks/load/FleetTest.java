package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connecting a fleet over real sockets to an in-process BenchServer, when some connects fail. */
class FleetTest {

  static BenchServer server;
  static NioTransport nio;

  @BeforeAll
  static void start() throws Exception {
    server = BenchServer.start("127.0.0.1", 0);
    nio = new NioTransport(1);
  }

  @AfterAll
  static void stop() throws Exception {
    nio.close();
    server.close();
  }

  /** The real client stack, except that the first {@code failures} connects of each URI fail. */
  static WsTransport failingFirst(int failures) {
    ConcurrentHashMap<URI, Integer> tries = new ConcurrentHashMap<>();
    return new WsTransport() {
      @Override
      public CompletableFuture<WsConnection> connect(URI uri, WsListener listener) {
        if (tries.merge(uri, 1, Integer::sum) <= failures) {
          return CompletableFuture.failedFuture(new IOException("connection reset (test)"));
        }
        return nio.connect(uri, listener);
      }

      @Override
      public void close() {}
    };
  }

  String url() {
    return "ws://127.0.0.1:" + server.port() + "/ws/";
  }

  @Test
  void aFailedConnectIsTriedAgainAndTheRowSaysSo() throws Exception {
    try (Fleet fleet = Fleet.connect(failingFirst(2), url(), 9_000, 5, Duration.ofSeconds(20))) {
      fleet.awaitOnline(Duration.ofSeconds(20));

      assertThat(fleet.notes()).containsExactly("10 connects tried again");
    }
  }

  @Test
  void onOneServerAMessageGoesToAnyOtherClientAndOnAClusterAlwaysToAnotherNode() {
    Random random = new Random(13);
    Set<Integer> alone = new HashSet<>();
    Set<Integer> across = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      int from = random.nextInt(10);
      int to = Fleet.receiver(from, 10, 1, random);
      assertThat(to).isBetween(0, 9).isNotEqualTo(from);
      alone.add(to);
      int other = Fleet.receiver(from, 10, 2, random);
      assertThat(other % 2).as("the receiver's node, client i being on node i %% 2").isNotEqualTo(from % 2);
      across.add(other);
    }
    assertThat(alone).hasSize(10);
    assertThat(across).hasSize(10);
  }

  @Test
  void aConnectThatKeepsFailingFailsTheFleetWithTheError() {
    assertThatThrownBy(() -> Fleet.connect(failingFirst(3), url(), 9_100, 5, Duration.ofSeconds(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connected 0 of 5 clients")
        .hasMessageContaining("connection reset (test)");
  }
}
