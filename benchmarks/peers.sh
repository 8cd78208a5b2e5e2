#!/usr/bin/env bash
# Builds the peers of /work/shared/peers (or $PEERS_SRC) into benchmarks/target/peers/, for
# run-standard.sh to run side by side with wshub. Nothing here is committed: target/ is ignored.
#
#   benchmarks/peers.sh seed spring     # builds what it is asked for; prints each one's start command
#
# For each peer it prints one line, "NAME<TAB>COMMAND" (COMMAND may use $PORT), or, when the
# peer cannot be built here, "NAME<TAB>" and the reason on stderr: run-standard.sh then skips
# that peer and says why, it does not fail. A peer already built is not built again (delete
# benchmarks/target/peers/ to rebuild).
#
# seed: the seed's Go hub. Needs Go and Debian's gorilla packages:
#   apt-get install -y golang-go golang-github-gorilla-websocket-dev golang-github-gorilla-mux-dev
# spring: Spring Boot's plain WebSocket support on Tomcat; needs Maven Central.
set -uo pipefail
cd "$(dirname "$0")/.."

SRC="${PEERS_SRC:-$(cd .. && pwd)/shared/peers}"
OUT="$PWD/benchmarks/target/peers"
mkdir -p "$OUT"

skip() { # NAME REASON
  echo "peer $1 skipped: $2" >&2
  printf '%s\t\n' "$1"
}

build_seed() {
  if [ ! -x "$OUT/seed-go" ]; then
    command -v go >/dev/null || { skip seed "Go is not installed (apt-get install -y golang-go golang-github-gorilla-websocket-dev golang-github-gorilla-mux-dev)"; return; }
    [ -f "$SRC/seed-go/build.sh" ] || { skip seed "no $SRC/seed-go/build.sh"; return; }
    OUT_DIR="$OUT" bash "$SRC/seed-go/build.sh" >"$OUT/seed-go.build.log" 2>&1 \
      || { skip seed "its build failed, see $OUT/seed-go.build.log"; return; }
  fi
  printf '%s\t%s\n' seed "$OUT/seed-go -addr 127.0.0.1:\$PORT"
}

build_spring() {
  local dir="$OUT/spring-ws-src"
  if [ ! -f "$dir/target/spring-ws.jar" ]; then
    [ -f "$SRC/spring-ws/pom.xml" ] || { skip spring "no $SRC/spring-ws/pom.xml"; return; }
    # shared/ may be read-only, and Maven writes target/ beside the pom: build a copy.
    rm -rf "$dir" && cp -r "$SRC/spring-ws" "$dir" && chmod -R u+w "$dir"
    (cd "$dir" && mvn -q -B -DskipTests package) >"$OUT/spring-ws.build.log" 2>&1 \
      || { skip spring "its build failed, see $OUT/spring-ws.build.log"; return; }
  fi
  # Default JVM flags, as the wshub chat-server runs.
  printf '%s\t%s\n' spring "java -jar $dir/target/spring-ws.jar --server.port=\$PORT"
}

for peer in "$@"; do
  case "$peer" in
    seed) build_seed ;;
    spring) build_spring ;;
    *) skip "$peer" "unknown peer (known: seed, spring)" ;;
  esac
done
