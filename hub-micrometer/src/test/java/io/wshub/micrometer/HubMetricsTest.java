package io.wshub.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import io.wshub.core.backplanes.QuietBackplane;
import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a hub's traffic looks like in a registry: the test kit's hub, read through SimpleMeterRegistry. */
class HubMetricsTest {

  final MeterRegistry registry = new SimpleMeterRegistry();
  final HubMetrics<Long> metrics = new HubMetrics<>(Tags.of("hub", "chat"), Duration.ZERO);
  final TestHub<Long> hub = TestHub.create(Hub.builder().listener(metrics.listener()));

  HubMetricsTest() {
    metrics.watch(hub.hub()).bindTo(registry);
  }

  @Test
  void framesReceiptsAndErrorRepliesAreCounted() {
    TestClient<Long> alice = hub.connect(1L);
    hub.connect(2L);

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"hi\"}"); // forwarded, and a receipt
    alice.send("{\"type\":1,\"receiver\":3,\"content\":\"hi\"}"); // "not online"
    alice.send("not json");                                       // an error reply
    alice.send("{\"type\":3,\"content\":\"all\"}");               // to both

    assertThat(count("wshub.frames.in")).isEqualTo(4);
    assertThat(count("wshub.frames.out")).isEqualTo(6);
    assertThat(registry.get("wshub.receipts").tags("outcome", "success").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("wshub.receipts").tags("outcome", "not_online").functionCounter().count()).isEqualTo(1);
    assertThat(count("wshub.error.replies")).isEqualTo(1);
    assertThat(gauge("wshub.connections")).isEqualTo(2);
    assertThat(gauge("wshub.ids.online")).isEqualTo(2);
    assertThat(count("wshub.connections.accepted")).isEqualTo(2);
    assertThat(registry.get("wshub.frames.in").tags("hub", "chat").functionCounter()).isNotNull();
  }

  @Test
  void closesAreCountedByCodeAndSlowConsumersOnTheirOwn() {
    TestClient<Long> alice = hub.connect(1L);
    FakeClientPort stalled = new FakeClientPort(1);
    hub.connect(2L, stalled);
    TestClient<Long> carol = hub.connect(3L);
    stalled.stall();

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"one\"}");
    assertThat(gauge("wshub.queue.outbound")).isEqualTo(1);
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"two\"}"); // the queue is full: 1013
    alice.send("{\"type\":4}");                                    // CLOSE: 1000
    carol.connection().closed(4321, "a code of the client's own");

    assertThat(count("wshub.slow.consumer.closes")).isEqualTo(1);
    assertThat(count("wshub.frames.dropped")).isEqualTo(1);
    assertThat(closes("1013", "slow_consumer")).isEqualTo(1);
    assertThat(closes("1000", "normal")).isEqualTo(1);
    assertThat(closes("other", "other")).isEqualTo(1);
    assertThat(gauge("wshub.connections")).isZero();
  }

  @Test
  void theLagIsATimerFedByTheHubsMeasurements() {
    hub.connect(1L);

    hub.advance(Duration.ofSeconds(3)); // a measurement per sweep

    assertThat(registry.get("wshub.lag").timer().count()).isPositive();
    assertThat(registry.get("wshub.lag").timer().max(java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(gauge("wshub.queue.inbound")).isZero();
  }

  @Test
  void messagesFromOtherNodesThatAHubBehindRefusedAreCounted() throws Exception {
    QuietBackplane cluster = new QuietBackplane();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HubMetrics<Long> clustered = new HubMetrics<>(Tags.empty(), Duration.ZERO);
    Hub<Long> node = Hub.builder().inboundQueue(16).backplane(cluster).listener(clustered.listener())
        .listener(new HubListener<>() {
          @Override
          public void onConnect(Long id) {
            held.countDown();
            try {
              release.await(10, TimeUnit.SECONDS); // a slow listener holds the hub's thread
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build();
    MeterRegistry registry = new SimpleMeterRegistry();
    clustered.watch(node).bindTo(registry);
    try {
      node.connect(1L, new FakeClientPort());
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) {
        cluster.node.deliverToAll("{\"sender\":2,\"type\":3,\"content\":\"b" + i + "\"}");
      }
      release.countDown();
      node.stats().get(10, TimeUnit.SECONDS); // caught up: the meter's own read is answered at once

      assertThat(registry.get("wshub.cluster.deliveries.refused").functionCounter().count()).isEqualTo(4);
    } finally {
      release.countDown();
      node.close();
    }
  }

  @Test
  void aHubNotWatchedYetReadsZeroAndASecondHubIsRefused() {
    HubMetrics<Long> unwatched = new HubMetrics<>();
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    unwatched.bindTo(other);

    assertThat(other.get("wshub.connections").gauge().value()).isZero();
    unwatched.watch(hub.hub());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> unwatched.watch(TestHub.create().hub()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("make a HubMetrics for each hub");
  }

  @Test
  void theReadmesSnippetBindsAHubsMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    // README:micrometer:begin
    HubMetrics<Long> metrics = new HubMetrics<>(Tags.of("hub", "chat"));  // tags tell two hubs apart
    Hub<Long> hub = Hub.builder().listener(metrics.listener()).build();  // closes by code, the lag
    metrics.watch(hub).bindTo(registry);                                  // counters and gauges read hub.stats()
    // README:micrometer:end
    try {
      assertThat(registry.get("wshub.connections").tags("hub", "chat").gauge().value()).isZero();
    } finally {
      hub.close();
    }
  }

  @Test
  void theReadmeShowsTheSnippetAsThisFileHasIt() {
    assertThat(io.wshub.core.readme.ReadmeSnippets.readme()).contains(io.wshub.core.readme.ReadmeSnippets.fenced(
        "java", io.wshub.core.readme.ReadmeSnippets.region(
            java.nio.file.Path.of("src/test/java/io/wshub/micrometer/HubMetricsTest.java"), "micrometer")));
  }

  private double count(String name) {
    return registry.get(name).functionCounter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double closes(String code, String reason) {
    return registry.get("wshub.closes").tags("code", code, "reason", reason).counter().count();
  }
}
