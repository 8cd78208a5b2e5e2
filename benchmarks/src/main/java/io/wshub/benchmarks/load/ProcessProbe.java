package io.wshub.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process, or of several summed (a cluster's nodes), from
 * Linux's /proc: the server's (by its pid), Redis's, and the tool's own. CPU is user + system
 * time of all its threads, GC and JIT included, since that is what a delivery costs the machine.
 */
final class ProcessProbe {

  private static final long TICKS_PER_SECOND = clockTicks();

  private final long[] pids;

  ProcessProbe(long... pids) {
    if (pids.length == 0) {
      throw new IllegalArgumentException("no pid");
    }
    this.pids = pids.clone();
  }

  /** How many processes this probe sums. */
  int processes() {
    return pids.length;
  }

  static ProcessProbe self() {
    return new ProcessProbe(ProcessHandle.current().pid());
  }

  /** CPU time used so far, in nanoseconds (at the resolution of clock ticks, usually 10 ms). */
  long cpuNanos() {
    long nanos = 0;
    for (long pid : pids) {
      nanos += statCpuNanos(read(pid, "stat"));
    }
    return nanos;
  }

  /** Resident memory now, in KB (VmRSS). */
  long rssKb() {
    long kb = 0;
    for (long pid : pids) {
      kb += rssKb(pid);
    }
    return kb;
  }

  private static long rssKb(long pid) {
    for (String line : read(pid, "status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }

  /** User + system time of a /proc stat line (a process's or a thread's), in nanoseconds. */
  private static long statCpuNanos(String stat) {
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14, 15
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /**
   * The CPU time of every thread now, in nanoseconds, keyed by process (its index among this
   * probe's, 0 first) and thread: "0 wshub-hub 4711". A thread's name is what the kernel keeps
   * of it, its first 15 characters. Threads that end meanwhile are skipped.
   */
  Map<String, Long> threadCpuNanos() {
    Map<String, Long> threads = new TreeMap<>();
    for (int i = 0; i < pids.length; i++) {
      Path tasks = Path.of("/proc/" + pids[i] + "/task");
      try (Stream<Path> each = Files.list(tasks)) {
        for (Path task : (Iterable<Path>) each::iterator) {
          try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            threads.put(i + " " + name + " " + task.getFileName(), statCpuNanos(stat));
          } catch (IOException | RuntimeException e) {
            // the thread ended between the listing and the read
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + tasks, e);
      }
    }
    return threads;
  }

  /**
   * Whether the process (every one of them) still runs. A dead child its parent has not yet waited for (the
   * server, under run-standard.sh) keeps its /proc entry as a zombie: state Z, or X.
   */
  boolean alive() {
    for (long pid : pids) {
      try {
        String stat = read(pid, "stat");
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state == 'Z' || state == 'X') {
          return false;
        }
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        return false;
      }
    }
    return true;
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/" + file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file + " (is the pid right?)", e);
    }
  }

  /** The tool's own CPU time from the JVM, finer than clock ticks where the platform allows. */
  static long selfCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      long nanos = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      if (nanos >= 0) {
        return nanos;
      }
    }
    return self().cpuNanos();
  }

  /** USER_HZ, the unit of /proc/PID/stat times: 100 on every common Linux, asked of getconf to be sure. */
  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the usual value
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
