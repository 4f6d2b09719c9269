#!/usr/bin/env bash
# End-to-end pipeline benchmark on the local stack (see docs/benchmarks.md). Options: --help.
# Extra JVM flags, e.g. for a profile: BENCHMARK_JAVA_OPTS="-XX:StartFlightRecording=filename=b.jfr,settings=profile"
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdk.sh
if [ ! -f quickstart/target/quickstart.jar ]; then
  ./mvnw -B -q install -DskipTests
fi
jvm_flags=(--enable-native-access=ALL-UNNAMED -Xmx4g)
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCHMARK_JAVA_OPTS:-} -Djava.util.logging.config.class=io.contactsync.quickstart.QuietJul \
  -Dloader.main=io.contactsync.quickstart.Benchmark -cp quickstart/target/quickstart.jar \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
