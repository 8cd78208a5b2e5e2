package io.wshub.benchmarks.load;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Drives any server speaking protocol v1 over real sockets, from its own process, and prints
 * one markdown row per scenario. Every run is bounded in count and time. See {@link Options}
 * for the command line, and {@code benchmarks/run-standard.sh} for the standard set.
 */
public final class LoadTool {

  private static final System.Logger LOG = System.getLogger(LoadTool.class.getName());

  private LoadTool() {}

  /**
   * Runs the scenarios the command line asks for.
   *
   * @param args see {@link Options#USAGE}
   * @throws Exception when the table cannot be written; failed scenarios only fail their row
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<Result> results = run(options);
    String report = report(options, results);
    System.out.println(report);
    if (options.out() != null) {
      write(options.out(), report);
    }
    if (options.results() != null) {
      ResultFile.write(options.results(), options.label(), results);
    }
    writeRssCsv(options, results);
    System.exit(results.stream().anyMatch(Result::failed) ? 1 : 0);
  }

  /** Runs every scenario of {@code options}; a failure becomes its row, the others still run. */
  static List<Result> run(Options options) {
    ProcessProbe server = options.serverPids().isEmpty() ? null
        : new ProcessProbe(options.serverPids().stream().mapToLong(Long::longValue).toArray());
    if (server != null && !server.alive()) {
      throw new IllegalArgumentException("no process " + options.serverPids());
    }
    ProcessProbe redis = options.redisPid() > 0 ? new ProcessProbe(options.redisPid()) : null;
    if (redis != null && !redis.alive()) {
      throw new IllegalArgumentException("no Redis process " + options.redisPid());
    }
    List<Result> results = new ArrayList<>();
    try (WsTransport transport = new NioTransport(options.ioThreads())) {
      Setup setup = new Setup(transport, options, server, redis, new AtomicLong(1));
      boolean warm = options.serverWarmup().isZero();
      for (String scenario : options.scenarios()) {
        if (!warm && !scenario.equals("idle")) {
          warm = true;
          warmUp(setup);
        }
        if (scenario.equals("fanout")) {
          for (int[] fanout : options.fanouts()) {
            results.add(attempt(server, scenario, fanout[0] + "x" + fanout[1],
                () -> Fanout.run(setup, fanout[0], fanout[1])));
          }
        } else if (scenario.equals("p2p-window")) {
          for (int window : options.windows()) {
            results.add(attempt(server, scenario, "window " + window, () -> P2pWindow.run(setup, window)));
          }
        } else if (scenario.equals("rooms")) {
          // Two rows, through ROOM and through BROADCAST: each fails (or is not supported) alone.
          if (server != null && !server.alive()) {
            results.add(Result.failed(scenario, "", "the server had exited before this scenario"));
            continue;
          }
          LOG.log(Level.INFO, "running rooms");
          for (Result result : Rooms.run(setup)) {
            LOG.log(Level.INFO, "rooms: {0}", result);
            results.add(server != null && !server.alive()
                ? result.withNote("THE SERVER EXITED during this scenario") : result);
          }
        } else {
          results.add(attempt(server, scenario, "", () -> switch (scenario) {
            case "idle" -> Idle.run(setup);
            case "p2p-rate" -> P2pRate.run(setup);
            default -> Overload.run(setup); // the one scenario left
          }));
        }
      }
    }
    return results;
  }

  /**
   * Unrecorded load, so that what follows measures a server whose JIT has compiled the hot
   * paths, as the reference figures are measured warm: 1:1 as fast as the window allows for
   * {@code --server-warmup}, then a few broadcast bursts.
   */
  private static void warmUp(Setup setup) {
    Options options = setup.options();
    LOG.log(Level.INFO, "warming the server up for {0} s (not recorded)", options.serverWarmup().toSeconds());
    try (Fleet fleet = setup.fleet(options.clients())) {
      P2pWindow.unrecorded(fleet, options.window(), options.serverWarmup(), options.drainTimeout());
      Fanout.unrecorded(fleet, 100, 5, options.drainTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the warm-up failed; measuring anyway", e);
    }
  }

  private interface Scenario {
    Result run() throws Exception;
  }

  /**
   * Runs one scenario; a failure becomes its row. A server that is gone (some peers die under
   * connect churn) fails the scenarios after it at once, rather than each one's connect timeout.
   */
  private static Result attempt(ProcessProbe server, String name, String load, Scenario scenario) {
    if (server != null && !server.alive()) {
      return Result.failed(name, load, "the server had exited before this scenario");
    }
    LOG.log(Level.INFO, "running {0} {1}", name, load);
    Result result;
    try {
      result = scenario.run();
      LOG.log(Level.INFO, "{0}: {1}", name, result);
    } catch (Exception e) {
      LOG.log(Level.WARNING, name + " failed", e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      result = Result.failed(name, load, e);
    }
    return server != null && !server.alive() ? result.withNote("THE SERVER EXITED during this scenario") : result;
  }

  static String report(Options options, List<Result> results) {
    return "Load tool, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", against " + options.label() + " at "
        + String.join(", ", options.urls())
        + (options.urls().size() > 1 ? " (a cluster of " + options.urls().size() + " nodes, clients spread over them)" : "")
        + (!options.serverPids().isEmpty() ? " (server pid " + options.serverPids().stream().map(String::valueOf)
            .collect(Collectors.joining(", ")) + ")" : " (no --server-pid: server CPU and memory unknown)")
        + (options.redisPid() > 0 ? " (Redis pid " + options.redisPid() + ")" : "")
        + ", " + Runtime.getRuntime().availableProcessors() + " cores, client: NIO, "
        + options.ioThreads() + " I/O threads\n\n"
        + ResultTable.markdown(results);
  }

  /**
   * Overload's memory series as CSV, beside the table (or the results), named after the server:
   * {@code overload-rss-LABEL.csv}. Nowhere when neither file was asked for.
   */
  private static void writeRssCsv(Options options, List<Result> results) throws IOException {
    Path beside = options.out() != null ? options.out() : options.results();
    if (beside == null) {
      return;
    }
    for (Result result : results) {
      if (!result.rss().isEmpty()) {
        Path csv = beside.resolveSibling(result.scenario() + "-rss-" + options.label() + ".csv");
        write(csv, ResultTable.rssCsv(result.rss()));
        System.out.println("memory series saved to " + csv);
      }
    }
  }

  private static void write(Path out, String report) throws IOException {
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, report);
  }
}
