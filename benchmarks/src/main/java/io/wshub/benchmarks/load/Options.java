package io.wshub.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The load tool's command line. Defaults are the standard set, the targets' loads;
 * {@code --quick} shrinks everything for tests and smoke runs.
 */
record Options(
    List<String> urls,
    List<Long> serverPids,
    long redisPid,
    List<String> scenarios,
    int clients,
    int rate,
    Duration duration,
    int overloadRate,
    Duration overloadDuration,
    Duration warmup,
    Duration serverWarmup,
    List<Integer> windows,
    List<int[]> fanouts,
    int rounds,
    int idleClients,
    int ioThreads,
    Path out,
    String label,
    Path results,
    Duration connectTimeout,
    Duration drainTimeout,
    int rooms,
    int members,
    int roomRate) {

  /** The standard set, in its order: overload last, since a server may drop clients under it. */
  static final List<String> ALL = List.of("idle", "p2p-rate", "p2p-window", "fanout", "overload");

  /**
   * Scenarios outside the standard set, run only when named. rooms: the standard set compares
   * wshub with peers speaking plain protocol v1, which have no rooms (the Go seed has none).
   */
  static final List<String> EXTRA = List.of("rooms");

  static final List<String> KNOWN = Stream.concat(ALL.stream(), EXTRA.stream()).toList();

  static final String USAGE = String.join("\n",
      "usage: LoadTool [options]",
      "  --url URL[,URL...]   base of the endpoint, the id is appended (default ws://127.0.0.1:8080/ws/);",
      "                       several: the nodes of one cluster, clients spread over them in turn,",
      "                       and every 1:1 message to a client on another node than its sender's",
      "  --server-pid PID[,PID...]  the server's processes (a cluster's nodes): their CPU and memory,",
      "                       summed, are read from /proc",
      "  --redis-pid PID      the Redis a cluster shares: its CPU too, per delivery",
      "  --scenario LIST      all (the standard set, " + ALL + "), or a comma-separated list of",
      "                       " + KNOWN + " (default all)",
      "  --clients N          clients of the p2p scenarios (default 1000)",
      "  --rate R             total msg/s of p2p-rate (default 20000) and of overload (default 40000)",
      "  --duration S         seconds of each p2p scenario (default 10) and of overload (default 20)",
      "  --warmup S           seconds of unrecorded load before each measured one, not overload (default 3)",
      "  --server-warmup S    seconds of unrecorded 1:1 and broadcast load after the idle scenario",
      "                       (which measures the server as started) and before the others (default 0)",
      "  --window W[,W...]    unreceipted messages per client in p2p-window (default 8); several: a row",
      "                       each, in that order (the server's warm-up uses the first)",
      "  --fanout LIST        broadcast bursts, RECEIVERSxMESSAGES,... (default 1000x200,10000x20)",
      "  --rounds N           measured bursts per fanout, summed (default 10)",
      "  --idle-clients N     connections held by idle (default 19000)",
      "  --rooms R            rooms of the rooms scenario (default 10)",
      "  --members M          members of each room (default 100); the BROADCAST row beside it has M clients",
      "  --room-rate R        total msg/s of rooms, each to M members, and of its BROADCAST row (default 1000)",
      "                       for --duration (default 10)",
      "  --io-threads T       the tool's selector threads (default 2)",
      "  --out FILE           also write the table there (and overload's memory series beside it,",
      "                       as overload-rss-LABEL.csv)",
      "  --label NAME         the server's name in the saved results (default server)",
      "  --results FILE       also save the results for SideBySide, which sets servers side by side",
      "  --quick              small loads for tests: 20 clients, 1 s, 20x10 fanout twice, 50 idle,",
      "                       overload at 800 msg/s for 3 s, rooms 2x10 at 100 msg/s for 1 s");

  static Options parse(String... args) {
    boolean quick = List.of(args).contains("--quick");
    List<String> urls = List.of("ws://127.0.0.1:8080/ws/");
    List<Long> pids = List.of();
    long redisPid = -1;
    List<String> scenarios = ALL;
    int clients = quick ? 20 : 1000;
    Integer rate = null; // null: each scenario's own default
    Duration duration = null;
    Duration warmup = Duration.ofSeconds(quick ? 0 : 3);
    Duration serverWarmup = Duration.ZERO;
    List<Integer> windows = List.of(8);
    List<int[]> fanouts = quick ? List.of(new int[] {20, 10}) : List.of(new int[] {1000, 200}, new int[] {10_000, 20});
    int rounds = quick ? 2 : 10;
    int idle = quick ? 50 : 19_000;
    int io = 2;
    Path out = null;
    String label = "server";
    Path results = null;
    int rooms = quick ? 2 : 10;
    int members = quick ? 10 : 100;
    int roomRate = quick ? 100 : 1000;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--quick")) {
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--url" -> urls = Stream.of(value.split(",")).map(url -> url.endsWith("/") ? url : url + "/").toList();
        case "--server-pid" -> pids = Stream.of(value.split(",")).map(Long::parseLong).toList();
        case "--redis-pid" -> redisPid = Long.parseLong(value);
        case "--scenario" -> scenarios = value.equals("all") ? ALL : List.of(value.split(","));
        case "--clients" -> clients = Integer.parseInt(value);
        case "--rate" -> rate = Integer.parseInt(value);
        case "--duration" -> duration = seconds(value);
        case "--warmup" -> warmup = seconds(value);
        case "--server-warmup" -> serverWarmup = seconds(value);
        case "--window" -> windows = Stream.of(value.split(",")).map(Integer::parseInt).toList();
        case "--fanout" -> fanouts = fanouts(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--idle-clients" -> idle = Integer.parseInt(value);
        case "--io-threads" -> io = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        case "--label" -> label = value;
        case "--results" -> results = Path.of(value);
        case "--rooms" -> rooms = Integer.parseInt(value);
        case "--members" -> members = Integer.parseInt(value);
        case "--room-rate" -> roomRate = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    for (String scenario : scenarios) {
      if (!KNOWN.contains(scenario)) {
        throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + KNOWN);
      }
    }
    for (String url : urls) {
      if (!url.startsWith("ws://")) {
        throw new IllegalArgumentException("--url must be ws://HOST:PORT/PATH/, got " + url);
      }
    }
    // Overload offers twice the standard 1:1 rate for twice as long, unless told otherwise; 3 s
    // when quick, so that its fresh connects (one every 2 s) happen more than once.
    int p2pRate = rate != null ? rate : quick ? 400 : 20_000;
    int overloadRate = rate != null ? rate : 2 * p2pRate;
    Duration p2pDuration = duration != null ? duration : Duration.ofSeconds(quick ? 1 : 10);
    Duration overloadDuration = duration != null ? duration : Duration.ofSeconds(quick ? 3 : 20);
    if (!label.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("--label must be letters, digits, '_', '.' or '-' (it names a file), got "
          + label);
    }
    if (clients < 2 || p2pRate < 1 || windows.stream().anyMatch(w -> w < 1) || rounds < 1 || idle < 1 || io < 1) {
      throw new IllegalArgumentException("--clients must be at least 2, --rate, --window, --rounds,"
          + " --idle-clients and --io-threads at least 1");
    }
    if (rooms < 1 || members < 1 || roomRate < 1) {
      throw new IllegalArgumentException("--rooms, --members and --room-rate must be at least 1");
    }
    return new Options(urls, pids, redisPid, scenarios, clients, p2pRate, p2pDuration, overloadRate, overloadDuration, warmup, serverWarmup,
        windows, fanouts, rounds, idle, io, out, label, results, Duration.ofSeconds(quick ? 20 : 120), Duration.ofSeconds(quick ? 10 : 20),
        rooms, members, roomRate);
  }

  /** The first of the windows: p2p-window's when there is one, and the server warm-up's. */
  int window() {
    return windows.get(0);
  }

  /** The first node's URL: where a scenario that needs one server (a fresh connect, say) goes. */
  String url() {
    return urls.get(0);
  }

  private static Duration seconds(String value) {
    return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
  }

  private static List<int[]> fanouts(String value) {
    List<int[]> fanouts = new ArrayList<>();
    for (String item : value.split(",")) {
      String[] parts = item.split("x");
      if (parts.length != 2) {
        throw new IllegalArgumentException("--fanout wants RECEIVERSxMESSAGES, got " + item);
      }
      fanouts.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
    }
    return fanouts;
  }
}
