package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many connections, half of them closing at once, and not one healthy client closed "idle": the
 * server (a process of its own, so the file descriptors are its own) holds the connections while
 * half of them send their close frames at the same moment, and every other client, answering its
 * pings, keeps its connection through two more pings. In CI 2,000 connections; the full run holds
 * the server at the file-descriptor limit (19,000, see the README for the command) with protocol
 * v1's ping interval.
 */
class FdLimitTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void halfTheClientsClosingAtOnceLeavesEveryHealthyClientConnected(Stack stack, @TempDir Path dir) {
    int connections = Integer.getInteger("wshub.fdlimit.connections", 2_000);
    long ping = Long.getLong("wshub.fdlimit.pingMillis", 2_000);
    List<String> jvm = List.of("-Xmx" + (connections > 5_000 ? "1g" : "256m"), "-XX:+UseSerialGC");
    Path log = dir.resolve("server.log");
    try (ChildServer server = ChildServer.start(stack, jvm, log, "ping=" + ping, "idle=" + (ping + 1_000));
        Wire wire = new Wire()) {
      List<WireClient> clients = new ArrayList<>();
      for (int from = 0; from < connections; from += 500) { // within the listen backlog
        int first = from;
        clients.addAll(wire.connectAll(Math.min(500, connections - from), i -> server.uri(first + i + 1),
            i -> (client, text) -> { }));
      }
      Poll.until(() -> server.stats().get("connections") == connections, "the server holds every connection");
      Poll.until(() -> clients.stream().allMatch(client -> client.pings.get() >= 1), "every client was pinged");

      List<WireClient> leaving = clients.subList(0, connections / 2);
      List<WireClient> healthy = clients.subList(connections / 2, connections);
      int[] pingsAtTheClose = healthy.stream().mapToInt(client -> client.pings.get()).toArray();
      for (WireClient client : leaving) {
        client.close(CloseCodes.NORMAL, "all at once");
      }
      Poll.until(() -> server.stats().get("connections") == connections - connections / 2, "the half gone");
      Poll.until(() -> {
        for (int i = 0; i < healthy.size(); i++) {
          WireClient client = healthy.get(i);
          if (!client.isOpen()) {
            throw new AssertionError(client + " was closed: " + client.awaitClose());
          }
          if (client.pings.get() < pingsAtTheClose[i] + 2) {
            return false;
          }
        }
        return true;
      }, "two more pings for every healthy client");

      Map<String, Long> stats = server.stats();
      System.out.printf("%s, %d connections, ping every %d ms: %s%n", stack, connections, ping, stats);
      assertThat(stats.get("idle")).as("idle closes").isZero();
      assertThat(stats.get("slowConsumer")).as("slow-consumer closes").isZero();
      assertThat(stats.get("closed" + CloseCodes.NORMAL)).isEqualTo(connections / 2);
      assertThat(healthy).allMatch(WireClient::isOpen);
    }
  }
}
