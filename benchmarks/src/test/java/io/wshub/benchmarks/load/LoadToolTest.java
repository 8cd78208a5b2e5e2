package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.core.RoutingRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each scenario once in {@code --quick} mode over real sockets against an in-process
 * BenchServer: everything sent is delivered, nothing lost, latencies measured. The server shares
 * this process, so its "server CPU" and memory are the whole JVM's: only their presence is checked.
 */
class LoadToolTest {

  static BenchServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = BenchServer.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  static Result run(String scenario) {
    List<Result> results = runAll("--scenario", scenario);
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  static List<Result> runAll(String... args) {
    List<String> all = new ArrayList<>(List.of("--quick", "--url", "ws://127.0.0.1:" + server.port() + "/ws/",
        "--server-pid", Long.toString(ProcessHandle.current().pid())));
    all.addAll(List.of(args));
    List<Result> results = LoadTool.run(Options.parse(all.toArray(String[]::new)));
    for (Result result : results) {
      assertThat(result.notes()).noneMatch(note -> note.startsWith("FAILED") || note.contains("closed by the server"));
      assertThat(result.serverCpuSeconds()).isNotNaN();
      // Not positive: CPU time comes in 10 ms ticks, and a warm JVM runs a quick fanout in less.
      assertThat(result.toolCpuSeconds()).isNotNegative();
    }
    return results;
  }

  static void assertAllDeliveredInTime(Result result, long expected) {
    assertThat(result.delivered()).isEqualTo(expected);
    assertThat(result.lost()).isZero();
    assertThat(result.notOnline()).isZero();
    assertThat(result.deliveriesPerSecond()).isPositive();
    assertThat(result.latency().samples()).isEqualTo(expected);
    assertThat(result.latency().p50()).isPositive();
    assertThat(result.latency().p50()).isLessThanOrEqualTo(result.latency().p99());
    assertThat(result.latency().p99()).isLessThanOrEqualTo(result.latency().max());
  }

  @Test
  void p2pRateDeliversEveryMessageAtTheRate() {
    Result result = run("p2p-rate");

    assertAllDeliveredInTime(result, 400); // 400 msg/s for 1 s
    assertThat(result.deliveriesPerSecond()).isBetween(300.0, 440.0);
  }

  @Test
  void p2pWindowDeliversEveryMessageItSent() {
    Result result = run("p2p-window");

    assertThat(result.delivered()).isGreaterThan(20 * 8);
    assertAllDeliveredInTime(result, result.delivered());
  }

  @Test
  void fanoutReachesEveryReceiverWithEveryBroadcastInEveryBurst() {
    Result result = run("fanout");

    assertThat(result.load()).isEqualTo("20 receivers x 10 broadcasts, 2 bursts");
    assertAllDeliveredInTime(result, 2 * 20 * 10);
  }

  @Test
  void idleHoldsItsConnectionsAndReadsTheServersMemory() {
    Result result = run("idle");

    assertThat(result.notes()).anyMatch(note -> note.startsWith("all held"));
    assertThat(result.kbPerConnection()).isNotNaN();
  }

  @Test
  void theServerWarmUpComesAfterIdleAndIsNotRecorded() {
    List<Result> results = runAll("--scenario", "idle,fanout", "--server-warmup", "1");

    assertThat(results).extracting(Result::scenario).containsExactly("idle", "fanout");
    assertThat(results.get(0).notes()).anyMatch(note -> note.startsWith("all held"));
    assertAllDeliveredInTime(results.get(1), 2 * 20 * 10); // the warm-up's deliveries are not in the row
  }

  @Test
  void overloadAccountsForEveryMessageAndWatchesTheServerMeanwhile() throws Exception {
    // Pings every 500 ms, so that the 3 s of a quick run see some.
    try (BenchServer pinging = BenchServer.start("127.0.0.1", 0, Hub.builder().pingInterval(Duration.ofMillis(500)))) {
      List<Result> results = LoadTool.run(Options.parse("--quick", "--url", "ws://127.0.0.1:" + pinging.port() + "/ws/",
          "--server-pid", Long.toString(ProcessHandle.current().pid()), "--scenario", "overload"));

      Result result = results.get(0);
      assertThat(result.notes()).noneMatch(note -> note.startsWith("FAILED") || note.contains("closed by the server"));
      assertAllDeliveredInTime(result, 2400); // 800 msg/s, twice the quick p2p-rate, for 3 s
      assertThat(result.figures())
          .containsEntry("offered", "2,400")
          .containsEntry("sent", "2,400")
          .containsEntry("receipted \"success send\"", "2,400")
          .containsEntry("LOST: \"success send\", never delivered", "0")
          .containsEntry("delivered without a receipt", "0");
      assertThat(result.figures().get("fresh connects, one every 2 s")).matches("(\\d+) of \\1 connected, median .*");
      assertThat(result.figures().get("pings to a client that never sends")).doesNotStartWith("0");
      assertThat(result.rss()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(ResultTable.markdown(results)).contains("| LOST: \"success send\", never delivered | 0 |",
          "overload, server resident memory (MB)");
    }
  }

  @Test
  void roomsReachEveryMemberOfTheRoomAndBroadcastTheSameFanoutBesideIt() {
    List<Result> results = runAll("--scenario", "rooms");

    // 100 msg/s for 1 s, each to the 10 members of its room, then to the 10 clients of the broadcast.
    assertThat(results).extracting(Result::scenario).containsExactly("rooms", "rooms");
    assertThat(results).extracting(Result::load).containsExactly("ROOM: 2 rooms x 10 members, 100 msg/s, 1 s",
        "BROADCAST: 10 clients, 100 msg/s, 1 s");
    for (Result result : results) {
      assertAllDeliveredInTime(result, 100 * 10);
      assertThat(result.deliveriesPerSecond()).isBetween(700.0, 1100.0);
    }
    assertThat(ResultTable.markdown(results)).contains("| rooms | ROOM: 2 rooms x 10 members, 100 msg/s, 1 s | 1000 |",
        "| rooms | BROADCAST: 10 clients, 100 msg/s, 1 s | 1000 |");
  }

  @Test
  void aServerWithoutRoomsGetsANotSupportedRowNotAFailure() throws Exception {
    // JOIN routed as a plain protocol v1 server would: an unknown type, an error reply.
    try (BenchServer plain = BenchServer.start("127.0.0.1", 0,
        Hub.builder().route(5, RoutingRules.unsupported()))) {
      List<Result> results = LoadTool.run(Options.parse("--quick", "--url", "ws://127.0.0.1:" + plain.port() + "/ws/",
          "--scenario", "rooms"));

      assertThat(results).hasSize(2);
      assertThat(results.get(0).failed()).isFalse();
      assertThat(results.get(0).notes()).anyMatch(note -> note.startsWith("NOT SUPPORTED: JOIN (type 5) got an error"));
      assertThat(results.get(0).delivered()).isZero();
      assertAllDeliveredInTime(results.get(1), 100 * 10); // BROADCAST still runs
      assertThat(ResultTable.markdown(results)).contains("NOT SUPPORTED");
    }
  }

  @Test
  void roomsIsNamedOnlyNotInTheStandardSet() {
    assertThat(Options.parse().scenarios()).doesNotContain("rooms");
    assertThat(Options.parse("--scenario", "rooms", "--rooms", "3", "--members", "7", "--room-rate", "50"))
        .satisfies(o -> assertThat(List.of(o.rooms(), o.members(), o.roomRate())).containsExactly(3, 7, 50));
  }

  @Test
  void theTableHasOneRowPerResult() {
    Result row = new Result("fanout", "2 receivers x 1 broadcasts", 2, 0.5, new Latencies.Summary(2, 1_000_000,
        2_000_000, 3_000_000, 4_000_000), 0, 0, 1.0, 2.0, Double.NaN, List.of());

    String table = ResultTable.markdown(List.of(row));

    assertThat(table.lines()).hasSize(3);
    assertThat(table.lines().skip(2).findFirst().orElseThrow())
        .startsWith("| fanout | 2 receivers x 1 broadcasts | 2 | 4 | 1.000 | 2.000 | 3.000 | 4.000 | 0 | 0 |")
        .contains("TOOL-BOUND");
  }
}
