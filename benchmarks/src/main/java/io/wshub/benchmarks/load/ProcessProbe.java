package io.wshub.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a process, from Linux's /proc: the server's (by its pid) and
 * the tool's own. CPU is user + system time of all its threads, GC and JIT included, since that
 * is what a delivery costs the machine.
 */
final class ProcessProbe {

  private static final long TICKS_PER_SECOND = clockTicks();

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  static ProcessProbe self() {
    return new ProcessProbe(ProcessHandle.current().pid());
  }

  /** CPU time used so far, in nanoseconds (at the resolution of clock ticks, usually 10 ms). */
  long cpuNanos() {
    String stat = read("stat");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14, 15
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** Resident memory now, in KB (VmRSS). */
  long rssKb() {
    for (String line : read("status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }

  /**
   * Whether the process still runs. A dead child its parent has not yet waited for (the
   * server, under run-standard.sh) keeps its /proc entry as a zombie: state Z, or X.
   */
  boolean alive() {
    try {
      String stat = read("stat");
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (UncheckedIOException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private String read(String file) {
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
