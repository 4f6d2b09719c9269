#!/usr/bin/env bash
# The README's Quickstart: builds once, then runs the whole demo on the local stack.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/jdk.sh
if [ ! -f quickstart/target/quickstart.jar ] || [ -n "$(find . -path ./.devstack -prune -o -newer quickstart/target/quickstart.jar \( -name '*.java' -o -name 'pom.xml' -o -name '*.avsc' \) -print -quit)" ]; then
  echo "Building contact-sync (first run takes a few minutes: Maven downloads dependencies)..."
  ./mvnw -B -q install -DskipTests
fi
jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -Djava.util.logging.config.class=io.contactsync.quickstart.QuietJul \
  -jar quickstart/target/quickstart.jar "$@"
