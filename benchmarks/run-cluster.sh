#!/usr/bin/env bash
# The cluster beside one node: for each scenario, ROUNDS times, a wshub cluster of two nodes on one
# Redis (two BenchServers on hub-server with --redis), then one node alone, each started fresh
# with a fresh redis-server; the load tool spreads its clients over the nodes so that every 1:1
# message goes to a client on the other node. Prints one table, a column per configuration and
# the ratio two-nodes/one-node, and saves it to benchmarks/target/cluster-results.md.
#
#   benchmarks/run-cluster.sh                          # one round (about 7 minutes)
#   ROUNDS=2 benchmarks/run-cluster.sh                 # the README's table (about 14 minutes)
#   benchmarks/run-cluster.sh --scenario p2p-window    # one scenario; other options go to the load tool
#
# The set: p2p-window (1:1 as fast as a window per client allows: CLUSTER_WINDOWS, default 1 and
# then the standard set's 8, a row each), p2p-rate (1:1 at a fixed rate, CLUSTER_RATE msg/s,
# default the standard set's 20,000), fanout (broadcasts from a client on the first node to
# receivers on both: the standard set's 1,000 x 200 and 10,000 x 20). Server CPU is both nodes'
# summed; Redis's CPU is read from /proc of the redis-server (the one-node runs have one too,
# idle, so that their columns read alike); each row names the busiest threads of each node. Each
# run's table, results, nodes' logs and Redis's INFO (commandstats, cpu) are in
# benchmarks/target/cluster/.
#
# Needs redis-server (Debian's: apt-get install -y redis-server). PORT (default 18180) and PORT+1
# are the nodes' ports, REDIS_PORT (default 18190) Redis's. WARMUP (default 20) seconds of
# unrecorded load come before each measured scenario, WSHUB_JVM_FLAGS are the nodes' JVM flags
# (default the README's -XX:+UseSerialGC -Xmn32m).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18180}"
REDIS_PORT="${REDIS_PORT:-18190}"
ROUNDS="${ROUNDS:-1}"
WARMUP="${WARMUP:-20}"
CLUSTER_RATE="${CLUSTER_RATE:-20000}"
CLUSTER_WINDOWS="${CLUSTER_WINDOWS:-1,8}"
WSHUB_JVM_FLAGS="${WSHUB_JVM_FLAGS--XX:+UseSerialGC -Xmn32m}"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/cluster-results.md
RUNS=benchmarks/target/cluster

SCENARIOS="p2p-window p2p-rate fanout"
TOOL_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) SCENARIOS="${2:?--scenario needs a value}"; SCENARIOS="${SCENARIOS//,/ }"; shift 2 ;;
    *) TOOL_ARGS+=("$1"); shift ;;
  esac
done

command -v "$REDIS_SERVER" >/dev/null || { echo "no $REDIS_SERVER: apt-get install -y redis-server" >&2; exit 1; }
# 10,000 receivers of a broadcast are 10,000 descriptors in the tool, and half as many in each node.
ulimit -n 20000 || { echo "cannot raise the open-file limit to 20000 (hard limit: $(ulimit -Hn))" >&2; exit 1; }

mvn -q -B -pl benchmarks -am package -DskipTests

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PIDS=()
alive() { # PID: runs, and is not a zombie
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != [ZX] ]]
}
# start PORT LOG COMMAND...: starts it, waits until its port accepts a TCP connection, sets STARTED.
start() {
  local port="$1" log="$2"
  shift 2
  for _ in $(seq 100); do # a process just stopped may hold the port a moment longer
    port_open "$port" || break
    sleep 0.1
  done
  if port_open "$port"; then
    echo "port $port is already in use: stop that process or set PORT / REDIS_PORT" >&2
    return 1
  fi
  "$@" >"$log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
  for _ in $(seq 300); do # up to 30 s
    port_open "$port" && return 0
    if ! alive "$STARTED"; then
      echo "$1 exited; its log ($log):" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$1 did not listen on $port within 30 s" >&2
  return 1
}
# Stops the nodes first (each says goodbye to Redis on SIGTERM), Redis last.
stop_all() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  PIDS=()
}
trap stop_all EXIT

# node PORT [--redis URI]: sets NODE, the command line of a node (a BenchServer on hub-server).
node() {
  local port="$1"
  shift
  # shellcheck disable=SC2206 # the flags are words
  NODE=(java $WSHUB_JVM_FLAGS -cp "$JAR" io.wshub.benchmarks.load.BenchServer --transport nio
    --host 127.0.0.1 --port "$port" "$@")
}

rm -rf "$RUNS" && mkdir -p "$RUNS"
RESULTS=()
n=0
for scenario in $SCENARIOS; do
  for round in $(seq "$ROUNDS"); do
    for config in two-nodes one-node; do
      n=$((n + 1))
      run="$RUNS/$(printf %02d $n)-$scenario-r$round-$config"
      echo "== $scenario, round $round of $ROUNDS: $config"
      # A fresh Redis for every run, so that each starts from the same state: no keys, no scripts.
      if ! start "$REDIS_PORT" "$run.redis.log" "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 \
        --save "" --appendonly no --protected-mode no; then
        stop_all
        continue
      fi
      redis_pid=$STARTED
      urls="ws://127.0.0.1:$PORT/ws/"
      if [ "$config" = two-nodes ]; then
        node "$PORT" --redis "redis://127.0.0.1:$REDIS_PORT"
        start "$PORT" "$run.node1.log" "${NODE[@]}" && pids=$STARTED \
          && node $((PORT + 1)) --redis "redis://127.0.0.1:$REDIS_PORT" \
          && start $((PORT + 1)) "$run.node2.log" "${NODE[@]}" && pids="$pids,$STARTED" \
          || { echo "$config did not start; its column stays empty for $scenario" >&2; stop_all; continue; }
        urls="$urls,ws://127.0.0.1:$((PORT + 1))/ws/"
      else
        node "$PORT"
        start "$PORT" "$run.node1.log" "${NODE[@]}" && pids=$STARTED \
          || { echo "$config did not start; its column stays empty for $scenario" >&2; stop_all; continue; }
      fi
      echo "nodes $pids, Redis $redis_pid"
      # A failed row makes the tool exit 1; the table still says what happened.
      java -cp "$JAR" io.wshub.benchmarks.load.LoadTool --url "$urls" --server-pid "$pids" --redis-pid "$redis_pid" \
        --scenario "$scenario" --rate "$CLUSTER_RATE" --window "$CLUSTER_WINDOWS" --server-warmup "$WARMUP" --label "$config" \
        --out "$run.md" --results "$run.results" "${TOOL_ARGS[@]}" || true
      # What Redis did, warm-up included: calls and microseconds per command, its own CPU.
      redis-cli -p "$REDIS_PORT" info commandstats >"$run.redis-info.txt" 2>&1 || true
      redis-cli -p "$REDIS_PORT" info cpu >>"$run.redis-info.txt" 2>&1 || true
      for pid in ${pids//,/ }; do
        alive "$pid" || echo "a node of $config exited during $scenario; its logs: $run.node*.log" >&2
      done
      stop_all
      [ -f "$run.results" ] && RESULTS+=("$run.results")
    done
  done
done

java -cp "$JAR" io.wshub.benchmarks.load.SideBySide --out "$OUT" "${RESULTS[@]}"
echo "saved to $OUT; each run's table, results, logs and Redis's INFO are in $RUNS/"
