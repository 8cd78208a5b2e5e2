package io.wshub.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.CloseCodes;
import io.wshub.core.HubStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Churn with duplicate ids (the default policy, {@code REPLACE}): waves of clients connecting as
 * a few ids at once, some leaving with a close frame, some dropping their socket. Afterwards the
 * hub knows exactly the connections still open, no id is online without one, every replaced
 * connection was closed with 4000, and each id's one connection is the one that gets its messages.
 */
class ChurnTest {

  @ParameterizedTest
  @EnumSource(Stack.class)
  void churnWithDuplicateIdsLeavesNoStaleIdAndServesEachIdsLatestConnection(Stack stack) {
    Random random = new Random(11);
    int ids = 20;
    try (Stack.Served served = stack.serve(Stack.chat()); Wire wire = new Wire()) {
      List<WireClient> all = new ArrayList<>();
      for (int wave = 0; wave < 15; wave++) {
        List<CompletableFuture<WireClient>> opening = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          opening.add(wire.connectAsync(served.uri(1 + random.nextInt(ids)), new WireClient.Recorder()));
        }
        for (CompletableFuture<WireClient> future : opening) {
          try {
            all.add(Wire.await(future, "an upgrade"));
          } catch (AssertionError replacedDuringTheUpgrade) {
            // a newer connection for the same id may close this one before its 101 is read
          }
        }
        for (WireClient client : all) {
          if (client.isOpen() && random.nextInt(10) == 0) {
            if (random.nextBoolean()) {
              client.close(CloseCodes.NORMAL, "leaving");
            } else {
              client.abort();
            }
          }
        }
      }

      // Settled: every close has reached both sides, and the hub holds exactly the connections
      // its clients still have open, one per id.
      Poll.until(() -> {
        Map<Long, Long> open = openById(all);
        if (!open.values().stream().allMatch(n -> n == 1) || served.stats().connections() != open.size()) {
          return false;
        }
        for (long id = 1; id <= ids; id++) {
          if (Wire.await(served.hub.isOnline(id), "isOnline") != open.containsKey(id)) {
            return false;
          }
        }
        return true;
      }, "one open connection per id, and the hub holding exactly those");
      Map<Long, Long> open = openById(all);
      HubStats stats = served.stats();
      assertThat(stats.onlineIds()).isEqualTo(open.size());
      assertThat(served.events.disconnects).filteredOn(d -> d.code() == CloseCodes.REPLACED)
          .hasSize((int) stats.replacedCloses());
      assertThat(stats.replacedCloses()).isPositive();

      WireClient sender = wire.connect(served.uri(1_000));
      served.events.awaitConnect(1_000);
      for (WireClient client : all) {
        if (client.isOpen()) {
          long id = idOf(client);
          sender.send(V1.send(id, "to the latest " + id));
          assertThat(sender.nextText()).isEqualTo(V1.success(id));
          assertThat(client.nextText()).contains("to the latest " + id);
        }
      }
    }
  }

  private static Map<Long, Long> openById(List<WireClient> clients) {
    Map<Long, Long> open = new HashMap<>();
    for (WireClient client : clients) {
      if (client.isOpen()) {
        open.merge(idOf(client), 1L, Long::sum);
      }
    }
    return open;
  }

  private static long idOf(WireClient client) {
    String path = client.uri().getPath();
    return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
  }
}
