package io.wshub.redis;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.scenarios.ProtocolScenarios;
import io.wshub.jakarta.SocketPeer;
import io.wshub.jakarta.SocketTransport;
import io.wshub.jakarta.WsClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Protocol v1 across two nodes on one Redis: odd ids connect to one node and even ids to the
 * other, so every SEND in the scenarios crosses to the other node, and an id's second connection
 * goes to the node its first is not on (REPLACE across nodes, and a phone and a laptop of one id
 * in one room on two nodes). Rooms are shared by both nodes, so every presence event and room
 * message in the scenarios crosses too. Both hubs are built from the scenario's builder, so both
 * have its settings.
 */
class ClusterProtocolTest extends ProtocolScenarios {

  static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected Transport start(HubBuilder<Long> builder) {
    String prefix = "s" + UUID.randomUUID().toString().substring(0, 8);
    TestNode odd = new TestNode(redis, prefix, builder);
    // A builder builds as many hubs as asked; each gets its own backplane. Listeners add up, so
    // the second hub also feeds the first one's events: harmless, peers only wait on them.
    TestNode even = new TestNode(redis, prefix, builder);
    Map<Long, Integer> connections = new HashMap<>();
    return new SocketTransport(id -> {
      int nth = connections.merge(id, 1, Integer::sum);
      boolean onOdd = (id % 2 == 1) == (nth % 2 == 1);
      TestNode here = onOdd ? odd : even;
      TestNode there = onOdd ? even : odd;
      WsClient client = here.connect(id);
      // Registered here; wait until the other node sees it too, as a user a moment later would.
      Poll.until(Duration.ofSeconds(5), id + " online from the other node", () -> there.isOnline(id));
      return new SocketPeer(client, id, here.events);
    }, () -> {
      odd.close();
      even.close();
    });
  }
}
