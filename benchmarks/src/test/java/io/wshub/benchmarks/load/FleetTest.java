package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
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
  void aConnectThatKeepsFailingFailsTheFleetWithTheError() {
    assertThatThrownBy(() -> Fleet.connect(failingFirst(3), url(), 9_100, 5, Duration.ofSeconds(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connected 0 of 5 clients")
        .hasMessageContaining("connection reset (test)");
  }
}
