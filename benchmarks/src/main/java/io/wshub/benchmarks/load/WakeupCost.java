package io.wshub.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What one thread waking another costs on this machine, in CPU: the floor under every hand-off
 * a message makes between threads (the container's selector to its worker, the worker to the
 * hub, the hub's write to a client's reader). Two threads pass a turn back and forth, each
 * parking until the other unparks it; the process's CPU time over the hand-offs is the cost.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.wshub.benchmarks.load.WakeupCost [hand-offs]};
 * run it once as is (the threads on different cores, as a server's are) and once under
 * {@code taskset -c 0} (one core) to see what crossing cores adds.
 */
public final class WakeupCost {

  private static volatile int turn;

  private WakeupCost() {}

  /**
   * Prints the wall time and CPU time per hand-off.
   *
   * @param args the number of round trips (default 200,000)
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    measure(rounds / 10); // compiled before it counts
    double[] result = measure(rounds);
    System.out.printf(Locale.ROOT, "%,d hand-offs between 2 threads (%d cores available): %.1f us wall, %.1f us CPU each%n",
        2L * rounds, Runtime.getRuntime().availableProcessors(), result[0], result[1]);
  }

  /** Wall and CPU microseconds per hand-off, over {@code rounds} round trips. */
  static double[] measure(int rounds) throws InterruptedException {
    Thread[] threads = new Thread[2];
    for (int k = 0; k < 2; k++) {
      int me = k;
      threads[k] = new Thread(() -> {
        for (int i = 0; i < rounds; i++) {
          while (turn != me) {
            LockSupport.park();
          }
          turn = 1 - me;
          LockSupport.unpark(threads[1 - me]);
        }
      }, "wakeup-" + k);
    }
    turn = 0;
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    threads[0].start();
    threads[1].start();
    threads[0].join();
    threads[1].join();
    double handoffs = 2.0 * rounds;
    return new double[] {(System.nanoTime() - wall) / 1e3 / handoffs, (processCpuNanos() - cpu) / 1e3 / handoffs};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
