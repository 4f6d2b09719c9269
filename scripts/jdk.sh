# Sourced by .ci/run and ./quickstart: makes sure JAVA_HOME points at a JDK >= 21.
# Keeps a suitable JAVA_HOME or `java`; otherwise picks the newest JDK >= 21 under /usr/lib/jvm
# (or /Library/Java/JavaVirtualMachines on macOS).

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    JAVA_HOME=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2}')
    export JAVA_HOME
    return 0
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$home best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "contact-sync needs a JDK 21 or newer; none found. Install one (e.g. Temurin 21) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own Guice uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
fi
