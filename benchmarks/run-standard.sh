#!/usr/bin/env bash
# The load tool's standard set against wshub and, side by side, against peers (other protocol v1
# servers): builds, and for each scenario starts each server fresh in turn (wshub, a peer,
# wshub, a peer... for ROUNDS rounds), runs the scenario, stops the server; then prints one table,
# a column per server and the ratio wshub/peer, and saves it to benchmarks/target/load-results.md.
#
#   benchmarks/run-standard.sh                     # wshub and the Go seed, one round (about 8 minutes)
#   PEERS=seed,spring ROUNDS=3 benchmarks/run-standard.sh
#   PEERS=none benchmarks/run-standard.sh          # wshub alone, one server for the whole set (about 4 minutes)
#   benchmarks/run-standard.sh --scenario overload --quick   # further options go to the load tool
#   PEERS=none benchmarks/run-standard.sh --scenario rooms   # rooms beside BROADCAST (not in the set)
#
# PEERS: a comma-separated list of seed (the seed's Go hub) and spring (Spring Boot's WebSocket
# support), or none; default seed. benchmarks/peers.sh builds them into benchmarks/target/peers/;
# a peer that cannot be built (no Go, say) is skipped with a message, and with no peer left wshub
# runs alone. Each run's own table, results and server log are in benchmarks/target/side-by-side/.
#
# Each server is warmed up as the standard set always was: idle runs on the server as started
# (memory per connection as a fresh server grows), the other scenarios after WARMUP seconds of
# unrecorded 1:1 and broadcast load (default 20, 0 skips it), measured warm.
#
# SERVER_CMD is wshub's command line (SERVER_NAME its name in the table, default wshub); it must
# exec the server itself (its pid is the one whose CPU and memory are read), and may use $PORT.
# The default is the example chat-server (on hub-server), as users would run it; the benchmarks
# module's BenchServer (a default hub, frames up to 512 bytes) is the other choice, in embedded
# Jetty 12 through the JSR-356 adapter, or with --transport nio on hub-server:
#   SERVER_NAME=wshub-jetty SERVER_CMD='java -cp benchmarks/target/benchmarks.jar io.wshub.benchmarks.load.BenchServer --port $PORT --host 127.0.0.1'
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-18080}"
JAR=benchmarks/target/benchmarks.jar
# The JVM flags the README recommends for a hub: a small live set and much short-lived garbage,
# for which the serial collector with a small young generation keeps memory per idle connection
# at a third of G1's default (README, Speed). WSHUB_JVM_FLAGS= (empty) runs the JVM's defaults.
WSHUB_JVM_FLAGS="${WSHUB_JVM_FLAGS--XX:+UseSerialGC -Xmn32m}"
SERVER_CMD="${SERVER_CMD:-java $WSHUB_JVM_FLAGS -jar examples/chat-server/target/chat-server.jar --port \$PORT --host 127.0.0.1}"
SERVER_NAME="${SERVER_NAME:-wshub}"
PEERS="${PEERS:-seed}"
ROUNDS="${ROUNDS:-1}"
WARMUP="${WARMUP:-20}"
OUT=benchmarks/target/load-results.md
RUNS=benchmarks/target/side-by-side

# The standard set, in the tool's order (Options.ALL); --scenario LIST picks from it, or names one
# outside it (Options.EXTRA: rooms, which peers without rooms answer with a NOT SUPPORTED row).
SCENARIOS="idle p2p-rate p2p-window fanout overload"
TOOL_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) [ "${2:?--scenario needs a value}" = all ] || SCENARIOS="${2//,/ }"; shift 2 ;;
    *) TOOL_ARGS+=("$1"); shift ;;
  esac
done

# 19,000 idle connections need as many descriptors in each process; 20,000 is this machine's cap.
ulimit -n 20000 || { echo "cannot raise the open-file limit to 20000 (hard limit: $(ulimit -Hn))" >&2; exit 1; }

mvn -q -B -pl benchmarks,examples/chat-server -am package -DskipTests

# Readiness is an open TCP port, never an HTTP request: the seed dies on a plain GET of /ws/1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

SERVER_PID=
# Whether the server runs: a dead child not yet waited for is a zombie, which kill -0 still finds.
server_alive() {
  local stat
  stat=$(cat "/proc/$SERVER_PID/stat" 2>/dev/null) || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != [ZX] ]]
}
# start_server COMMAND LOG: starts it fresh, waits until it listens; fails (and says why) if it does not.
start_server() {
  local cmd="$1" log="$2"
  for _ in $(seq 100); do # a server just stopped may hold the port a moment longer
    port_open || break
    sleep 0.1
  done
  if port_open; then
    echo "port $PORT is already in use: stop that server or set PORT" >&2
    return 1
  fi
  bash -c "exec $cmd" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do # up to 30 s for the server to listen
    port_open && break
    if ! server_alive; then
      echo "the server exited; its log ($log):" >&2
      cat "$log" >&2
      SERVER_PID=
      return 1
    fi
    sleep 0.1
  done
  port_open || { echo "the server did not listen on $PORT within 30 s" >&2; stop_server; return 1; }
  echo "server pid $SERVER_PID: $cmd" | sed "s/\$PORT/$PORT/"
}
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT

# run_tool NAME SCENARIOS OUT [RESULTS]: the load tool against the running server.
run_tool() {
  local name="$1" scenarios="$2" out="$3" results="${4:-}"
  local args=(--url "ws://127.0.0.1:$PORT/ws/" --server-pid "$SERVER_PID" --scenario "${scenarios// /,}"
    --server-warmup "$WARMUP" --label "$name" --out "$out")
  [ -z "$results" ] || args+=(--results "$results")
  # A failed row (a peer that died, say) makes the tool exit 1; the table still says what happened.
  java -cp "$JAR" io.wshub.benchmarks.load.LoadTool "${args[@]}" "${TOOL_ARGS[@]}" || true
}

# The peers that could be built, as "NAME<TAB>COMMAND" lines.
PEER_LINES=()
if [ "$PEERS" != none ]; then
  while IFS=$'\t' read -r name cmd; do
    [ -z "$cmd" ] || PEER_LINES+=("$name"$'\t'"$cmd")
  done < <(bash benchmarks/peers.sh ${PEERS//,/ })
  [ ${#PEER_LINES[@]} -gt 0 ] || echo "no peer could be built: running $SERVER_NAME alone" >&2
fi

if [ ${#PEER_LINES[@]} -eq 0 ]; then
  # One server for the whole set, one table: as the standard set always ran.
  start_server "$SERVER_CMD" benchmarks/target/load-server.log || exit 1
  run_tool "$SERVER_NAME" "$SCENARIOS" "$OUT"
  stop_server
  echo "saved to $OUT"
  exit 0
fi

rm -rf "$RUNS" && mkdir -p "$RUNS"
SERVERS=("$SERVER_NAME"$'\t'"$SERVER_CMD" "${PEER_LINES[@]}")
RESULTS=()
n=0
for scenario in $SCENARIOS; do
  for round in $(seq "$ROUNDS"); do
    for server in "${SERVERS[@]}"; do
      name="${server%%$'\t'*}" cmd="${server#*$'\t'}"
      n=$((n + 1))
      run="$RUNS/$(printf %02d $n)-$scenario-r$round-$name"
      echo "== $scenario, round $round of $ROUNDS: $name"
      if start_server "$cmd" "$run.log"; then
        run_tool "$name" "$scenario" "$run.md" "$run.results"
        server_alive || echo "$name exited during $scenario; its log: $run.log" >&2
        stop_server
        [ -f "$run.results" ] && RESULTS+=("$run.results")
      else
        echo "$name did not start; its column stays empty for $scenario" >&2
      fi
      csv="$RUNS/$scenario-rss-$name.csv"
      if [ -f "$csv" ]; then # overload's memory series, beside the run's table: keep each round's
        keep="benchmarks/target/$scenario-rss-$name$([ "$ROUNDS" = 1 ] || echo "-r$round").csv"
        mv "$csv" "$keep" && echo "memory series kept as $keep"
      fi
    done
  done
done

java -cp "$JAR" io.wshub.benchmarks.load.SideBySide --out "$OUT" "${RESULTS[@]}"
# The overload runs' memory over time, a line per server (its first round), for the README.
CHART=()
for server in "${SERVERS[@]}"; do
  name="${server%%$'\t'*}"
  for csv in "benchmarks/target/overload-rss-$name.csv" "benchmarks/target/overload-rss-$name-r1.csv"; do
    if [ -f "$csv" ]; then CHART+=("$name=$csv"); fi
  done
done
[ ${#CHART[@]} -eq 0 ] || java -cp "$JAR" io.wshub.benchmarks.load.OverloadChart --out benchmarks/target/overload-rss.svg "${CHART[@]}"
echo "saved to $OUT; each run's table, results and server log are in $RUNS/"
