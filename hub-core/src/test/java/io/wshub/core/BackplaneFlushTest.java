package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.backplanes.QuietBackplane;
import io.wshub.core.testing.FakeClientPort;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A backplane hears the end of each of the hub's bursts ({@link Backplane#flush()}), after what the
 * burst asked of it: that is what lets one batch what a burst sends to the cluster, as a port
 * batches its frames.
 */
class BackplaneFlushTest {

  /**
   * What the hub asked, in order: {@code "send 2"}, {@code "flush"}; and the hub as the cluster
   * sees it, for a test to play the other nodes.
   */
  static final class RecordingBackplane extends QuietBackplane {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch flushed = new CountDownLatch(1);

    @Override
    public CompletionStage<Boolean> send(Long to, String frame, boolean receipt) {
      calls.add("send " + to);
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Void> broadcast(String frame) {
      calls.add("broadcast");
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void flush() {
      calls.add("flush");
      flushed.countDown();
    }
  }

  @Test
  void aBurstsSendsToOtherNodesAreFollowedByOneFlush() throws Exception {
    RecordingBackplane backplane = new RecordingBackplane();
    HeldBackExecutor hubThread = new HeldBackExecutor();
    Hub<Long> hub = Hub.builder().executor(hubThread).backplane(backplane).build();
    Connection<Long> alice = hub.connect(1L, new FakeClientPort());
    for (long to = 2; to <= 4; to++) {
      alice.receive("{\"type\":1,\"receiver\":" + to + ",\"content\":\"hi\"}");
    }
    hubThread.permits.release(Integer.MAX_VALUE / 2); // the connect and the three frames wait: one burst
    assertThat(backplane.flushed.await(10, TimeUnit.SECONDS)).as("the burst's end was told").isTrue();

    assertThat(backplane.calls).startsWith("send 2", "send 3", "send 4", "flush");
    hub.close();
    hubThread.thread.shutdown();
  }
}
