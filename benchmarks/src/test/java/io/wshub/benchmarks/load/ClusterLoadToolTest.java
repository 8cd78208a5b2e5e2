package io.wshub.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.Hub;
import io.wshub.redis.RedisBackplane;
import io.wshub.redis.RedisServer;
import io.wshub.server.HubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load tool against a cluster, as run-cluster.sh runs it: two hubs on hub-server, in this
 * process, on one real redis-server, the tool's clients spread over both (every 1:1 message to
 * the other node), its CPU and Redis's read from /proc.
 */
class ClusterLoadToolTest {

  static RedisServer redis;
  static final List<Hub<Long>> hubs = new ArrayList<>();
  static final List<HubServer> servers = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    redis = RedisServer.start();
    String prefix = "b" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 2; i++) {
      Hub<Long> hub = Hub.<Long>builder().backplane(RedisBackplane.builder(redis.uri()).prefix(prefix).build()).build();
      hubs.add(hub);
      servers.add(HubServer.forHub(hub).host("127.0.0.1").port(0).start());
    }
  }

  @AfterAll
  static void stopCluster() {
    hubs.forEach(Hub::close);
    servers.forEach(HubServer::close);
    redis.close();
  }

  /** The redis-server this test started: the child process whose title (Redis sets it) names its port. */
  static long redisPid() {
    return ProcessHandle.current().children()
        .filter(child -> title(child.pid()).contains(":" + redis.port()))
        .findFirst().orElseThrow(() -> new AssertionError("no child process is the redis-server on " + redis.port()))
        .pid();
  }

  static String title(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  static List<Result> run(String scenario) {
    String self = Long.toString(ProcessHandle.current().pid());
    return LoadTool.run(Options.parse("--quick", "--scenario", scenario,
        "--url", "ws://127.0.0.1:" + servers.get(0).port() + "/ws/,ws://127.0.0.1:" + servers.get(1).port() + "/ws/",
        "--server-pid", self + "," + self, "--redis-pid", Long.toString(redisPid())));
  }

  @Test
  void everyMessageToTheOtherNodeIsDeliveredAndReceiptedAndRedisCpuIsRead() {
    Result result = run("p2p-window").get(0);

    assertThat(result.notes()).noneMatch(note -> note.startsWith("FAILED") || note.contains("closed by the server")
        || note.contains("not online"));
    LoadToolTest.assertAllDeliveredInTime(result, result.delivered());
    assertThat(result.delivered()).isGreaterThan(20 * 8);
    assertThat(result.redisCpuSeconds()).isNotNaN().isNotNegative();
    assertThat(result.figures().get(Result.BUSIEST_THREADS)).startsWith("node 1: ").contains("; node 2: ");
    assertThat(ResultTable.markdown(List.of(result))).contains("Redis busy");
  }

  @Test
  void aBroadcastReachesTheReceiversOnBothNodes() {
    Result result = run("fanout").get(0);

    LoadToolTest.assertAllDeliveredInTime(result, 2 * 20 * 10);
  }
}
