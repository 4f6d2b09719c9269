#!/usr/bin/env bash
# Our worker against the MongoDB Kafka sink connector (1 and 2 tasks) and a plain consumer,
# on one broker and one store, each in its own process (see docs/benchmarks.md).
#   scripts/compare-peers.sh [--commands 200000] [--rounds 3] [--systems worker,connector-2] ...
# `scripts/compare-peers.sh --help` lists every option. Extra JVM flags for the harness
# itself: COMPARE_PEERS_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh

version=0.1.0-SNAPSHOT
worker_jar=worker/target/worker-$version-exec.jar
devstack_jar=devstack/target/devstack-$version-exec.jar
benchmarks_jar=benchmarks/target/benchmarks-$version-exec.jar
connect=benchmarks/kafka-connect/target

# Our jars: built when missing (rebuild them yourself after changing the code).
if [ ! -f "$worker_jar" ] || [ ! -f "$devstack_jar" ] || [ ! -f "$benchmarks_jar" ]; then
  ./mvnw -B -q install -DskipTests -pl devstack,worker,benchmarks -am
fi
# Kafka Connect and the connector: resolved on the first run only, never by the build.
if [ ! -f "$connect/connect.classpath" ] || [ benchmarks/kafka-connect/pom.xml -nt "$connect/connect.classpath" ] \
  || [ ! -f "$connect/plugins/mongo-kafka-connect-2.0.1-all.jar" ]; then
  ./mvnw -B -q -f benchmarks/kafka-connect/pom.xml dependency:build-classpath@classpath dependency:copy@connector
fi

case " $* " in
  *" --help "* | *" -h "*) exec "$JAVA_HOME/bin/java" -jar "$benchmarks_jar" --help ;;
esac

work_dir=$(pwd)/target/compare-peers/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$work_dir"

# Last resort, however the harness ended (Ctrl-C, SIGKILL, OOM): stop every process it
# recorded that is still the same process (same pid and start time).
cleanup() {
  local pid start name left=()
  [ -f "$work_dir/pids" ] || return 0
  while read -r pid start name; do
    if [ -r "/proc/$pid/stat" ] && [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)" = "$start" ]; then
      echo "compare-peers: stopping leftover $name (pid $pid)" >&2
      kill -TERM "$pid" 2>/dev/null || true
      left+=("$pid:$start")
    fi
  done < "$work_dir/pids"
  [ ${#left[@]} -gt 0 ] || return 0
  sleep 5
  for entry in "${left[@]}"; do
    pid=${entry%%:*} start=${entry#*:}
    if [ -r "/proc/$pid/stat" ] && [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)" = "$start" ]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$JAVA_HOME/bin/java" -Xmx1g ${COMPARE_PEERS_JAVA_OPTS:-} -jar "$benchmarks_jar" \
  --worker-jar "$worker_jar" --devstack-jar "$devstack_jar" \
  --connect-classpath "$connect/connect.classpath" --connect-plugins "$connect/plugins" \
  --work-dir "$work_dir" "$@" 2>&1 | tee -i "$work_dir/output.txt"
