package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes that block behind clients who stopped reading never hold up everyone else's. */
class WriterThreadsTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch stalledClientsRead = new CountDownLatch(1);

  @AfterEach
  void release() {
    stalledClientsRead.countDown();
    timer.shutdownNow();
  }

  @Test
  void whenEveryThreadIsStuckAnotherStartsForTheWorkWaiting() throws Exception {
    WriterThreads writers = new WriterThreads(timer);
    CountDownLatch stuck = new CountDownLatch(WriterThreads.CORE_THREADS);
    for (int i = 0; i < WriterThreads.CORE_THREADS; i++) {
      writers.execute(() -> {
        stuck.countDown();
        awaitQuietly(stalledClientsRead); // a flush to a full socket
      });
    }
    assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

    CountDownLatch othersWritten = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      writers.execute(othersWritten::countDown);
    }

    assertThat(othersWritten.await(10, TimeUnit.SECONDS)).as("written despite two stuck threads").isTrue();
    assertThat(writers.threads()).isGreaterThan(WriterThreads.CORE_THREADS);
  }

  @Test
  void whileWritesCompleteTheCoreThreadsAreEnough() throws Exception {
    WriterThreads writers = new WriterThreads(timer);
    for (int round = 0; round < 50; round++) {
      CountDownLatch written = new CountDownLatch(100);
      for (int i = 0; i < 100; i++) {
        writers.execute(written::countDown);
      }
      assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(writers.threads()).isLessThanOrEqualTo(WriterThreads.CORE_THREADS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
