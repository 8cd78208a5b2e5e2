#!/usr/bin/env bash
# The load tool's standard set against a protocol v1 server in its own JVM: builds, starts the
# server, runs every scenario, prints the table, saves it to benchmarks/target/load-results.md,
# and stops the server.
#
#   benchmarks/run-standard.sh              # the standard set, with a 20 s warm-up (about 4 minutes)
#   benchmarks/run-standard.sh --quick      # any further LoadTool options go to the tool
#
# SERVER_CMD is the server's command line; it must exec the server itself (its pid is the one
# whose CPU and memory are read), and may use $PORT. The default is the example chat-server, as
# users would run it; the benchmarks module's BenchServer (a default hub in embedded Jetty 12,
# frames up to 512 bytes) is the other choice:
#   SERVER_CMD='java -cp benchmarks/target/benchmarks.jar io.wshub.benchmarks.load.BenchServer --port $PORT --host 127.0.0.1'
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-18080}"
JAR=benchmarks/target/benchmarks.jar
SERVER_CMD="${SERVER_CMD:-java -jar examples/chat-server/target/chat-server.jar --port \$PORT --host 127.0.0.1}"
OUT=benchmarks/target/load-results.md
SERVER_LOG=benchmarks/target/load-server.log

# 19,000 idle connections need as many descriptors in each process; 20,000 is this machine's cap.
ulimit -n 20000 || { echo "cannot raise the open-file limit to 20000 (hard limit: $(ulimit -Hn))" >&2; exit 1; }

mvn -q -B -pl benchmarks,examples/chat-server -am package -DskipTests

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
if port_open; then
  echo "port $PORT is already in use: stop that server or set PORT" >&2
  exit 1
fi

bash -c "exec $SERVER_CMD" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap stop_server EXIT

for _ in $(seq 300); do # up to 30 s for the server to listen
  port_open && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited; its log:" >&2; cat "$SERVER_LOG" >&2; exit 1; }
  sleep 0.1
done
port_open || { echo "the server did not listen on $PORT within 30 s" >&2; exit 1; }

echo "server pid $SERVER_PID: $SERVER_CMD" | sed "s/\$PORT/$PORT/"

# The idle scenario runs first, on the server as started: memory per connection as a fresh
# server grows to 19,000 of them. Then WARMUP seconds of unrecorded 1:1 and broadcast load (0 to
# skip), and the rest is measured warm, as the reference figures are: a fresh JVM spends its
# first seconds compiling.
WARMUP="${WARMUP:-20}"
java -cp "$JAR" io.wshub.benchmarks.load.LoadTool --url "ws://127.0.0.1:$PORT/ws/" \
  --server-pid "$SERVER_PID" --scenario all --server-warmup "$WARMUP" --out "$OUT" "$@"
echo "saved to $OUT"
