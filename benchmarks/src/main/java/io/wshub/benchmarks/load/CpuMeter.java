package io.wshub.benchmarks.load;

import java.io.UncheckedIOException;

/** CPU used by the server (if its pid is known) and by the tool between two points of a run. */
final class CpuMeter {

  private final ProcessProbe server;
  private long serverStart;
  private long toolStart;
  private double serverSeconds = Double.NaN;
  private double toolSeconds;

  /** Starts measuring; {@code server} may be null. */
  CpuMeter(ProcessProbe server) {
    this.server = server;
    this.serverStart = server == null ? 0 : server.cpuNanos();
    this.toolStart = ProcessProbe.selfCpuNanos();
  }

  CpuMeter stop() {
    toolSeconds = (ProcessProbe.selfCpuNanos() - toolStart) / 1e9;
    if (server != null) {
      try {
        serverSeconds = (server.cpuNanos() - serverStart) / 1e9;
      } catch (UncheckedIOException e) {
        // The server is gone (a peer that died under load): unknown, and the row says it exited.
      }
    }
    return this;
  }

  double serverSeconds() {
    return serverSeconds;
  }

  double toolSeconds() {
    return toolSeconds;
  }
}
