package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.wshub.core.testing.FakeClientPort;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A hub that falls behind makes the reading threads wait instead of queueing without bound: the
 * inbound queue is the hub's memory bound under a flood, and nothing is lost for it.
 */
class BackpressureTest {

  private static final int CAPACITY = 16;
  private static final int FLOOD = 500;

  @Test
  void aFloodWaitsForTheHubOnceTheInboundQueueIsFullAndLosesNothing() throws Exception {
    HeldBackExecutor hubThread = new HeldBackExecutor();
    Hub<Long> hub = Hub.builder().executor(hubThread).inboundQueue(CAPACITY).build();
    FakeClientPort alicePort = new FakeClientPort();
    FakeClientPort bobPort = new FakeClientPort();
    Connection<Long> alice = hub.connect(1L, alicePort);
    hub.connect(2L, bobPort);
    AtomicInteger handedOver = new AtomicInteger();
    Thread reader = new Thread(() -> {
      for (int i = 0; i < FLOOD; i++) {
        alice.receive("{\"type\":1,\"receiver\":2,\"content\":\"" + i + "\"}");
        handedOver.incrementAndGet();
      }
    }, "a container's reading thread");

    reader.start();
    awaitWaiting(reader);

    assertThat(handedOver.get()).as("the reader waits once the queue is full").isEqualTo(CAPACITY);
    hubThread.permits.release(Integer.MAX_VALUE / 2); // the hub catches up
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(reader.isAlive()).isFalse();
    HubStats stats = hub.stats().get(30, TimeUnit.SECONDS);
    assertThat(stats.framesReceived()).isEqualTo(FLOOD);
    assertThat(bobPort.frames()).hasSize(FLOOD).endsWith("{\"sender\":1,\"type\":1,\"receiver\":2,\"content\":\"499\"}");
    assertThat(alicePort.frames()).hasSize(FLOOD);
    hub.close();
    hubThread.thread.shutdown();
  }

  @Test
  void theHubsOwnThreadNeverWaitsOnItselfNorDoTheApplicationsCalls() throws Exception {
    HeldBackExecutor hubThread = new HeldBackExecutor();
    Hub<Long> hub = Hub.builder().executor(hubThread).inboundQueue(CAPACITY).build();
    FakeClientPort bobPort = new FakeClientPort();
    hub.connect(2L, bobPort);

    for (int i = 0; i < FLOOD; i++) { // the application's sends are not frames from clients
      hub.send(2L, Message.of(MessageType.SYSTEM, 0L, 2L, "notice " + i));
    }
    hubThread.permits.release(Integer.MAX_VALUE / 2);

    assertThat(hub.stats().get(30, TimeUnit.SECONDS).framesDelivered()).isEqualTo(FLOOD);
    assertThat(bobPort.frames()).hasSize(FLOOD);
    hub.close();
    hubThread.thread.shutdown();
  }

  /** Until the thread is parked in the hub's wait for room (or the test's patience runs out). */
  private static void awaitWaiting(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime() - deadline).as("the reader never waited").isNegative();
      Thread.onSpinWait();
    }
  }
}
