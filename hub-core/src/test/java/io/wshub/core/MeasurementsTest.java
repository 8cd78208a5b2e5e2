package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.FakeClientPort;
import io.wshub.core.testing.TestClient;
import io.wshub.core.testing.TestHub;
import io.wshub.core.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** What a metrics binding reads from the hub: queue depths in the stats, and the hub's own lag. */
class MeasurementsTest {

  @Test
  void statsCountTheFramesWaitingInOutboundQueues() {
    TestHub<Long> hub = TestHub.create();
    TestClient<Long> alice = hub.connect(1L);
    FakeClientPort stalled = new FakeClientPort();
    hub.connect(2L, stalled);
    stalled.stall();

    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"one\"}");
    alice.send("{\"type\":1,\"receiver\":2,\"content\":\"two\"}");

    assertThat(hub.stats().outboundQueued()).isEqualTo(2);
    assertThat(hub.stats().inboundQueued()).isZero();
    stalled.resume();
    assertThat(hub.stats().outboundQueued()).isZero();
  }

  @Test
  void statsCountTheFramesWaitingForTheHub() {
    Deferred executor = new Deferred();
    Hub<Long> hub = Hub.builder().executor(executor).build();
    Connection<Long> alice = hub.connect(1L, new FakeClientPort());
    CompletableFuture<HubStats> asked = hub.stats(); // ahead of the two frames
    alice.receive("{\"type\":3,\"content\":\"a\"}");
    alice.receive("{\"type\":3,\"content\":\"b\"}");
    executor.runAll();

    assertThat(asked.join().inboundQueued()).isEqualTo(2);
    assertThat(asked.join().framesReceived()).isZero();
    CompletableFuture<HubStats> after = hub.stats();
    executor.runAll();
    assertThat(after.join().inboundQueued()).isZero();
    assertThat(after.join().framesReceived()).isEqualTo(2);
  }

  @Test
  void theLagIsHowLongAFrameArrivingAtTheSweepWaitsForTheHub() {
    VirtualTime time = new VirtualTime();
    Deferred executor = new Deferred();
    List<Duration> lags = new ArrayList<>();
    Hub<Long> hub = Hub.builder().ticker(time).scheduler(time).executor(executor)
        .listener(new HubListener<>() {
          @Override
          public void onConnect(Long id) {
            time.advance(Duration.ofMillis(5)); // a slow listener: the hub falls behind
          }

          @Override
          public void onLag(Duration lag) {
            lags.add(lag);
          }
        })
        .build();

    time.advance(Duration.ofSeconds(1)); // the sweep is due
    hub.connect(1L, new FakeClientPort()); // queued before the sweep's measurement
    executor.runAll();

    assertThat(lags).containsExactly(Duration.ofMillis(5));

    time.advance(Duration.ofSeconds(1)); // an idle hub
    executor.runAll();
    assertThat(lags).containsExactly(Duration.ofMillis(5), Duration.ZERO);
  }

  /** An executor that runs what it is given only when told: the hub's thread, paused. */
  static final class Deferred implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      for (Runnable task; (task = poll()) != null; ) {
        task.run();
      }
    }

    private synchronized Runnable poll() {
      return tasks.poll();
    }
  }
}
