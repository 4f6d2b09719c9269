#!/usr/bin/env bash
# Compares the pipeline benchmark of two commits in one session, alternating A B A B, so
# that a shared, noisy machine affects both alike (see docs/benchmarks.md).
#   scripts/compare-benchmark.sh <commit-a> <commit-b> [benchmark.sh options...]
# e.g. scripts/compare-benchmark.sh HEAD~1 HEAD --commands 60000 --modes batched
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  sed -n '2,5p' "$0"
  exit 2
fi
a=$1 b=$2
shift 2
source scripts/jdk.sh
root=$(pwd)/target/compare-benchmark
mkdir -p "$root"
git worktree prune # forgets worktrees that `mvn clean` deleted with target/
build() {
  local dir="$root/$(git rev-parse --short "$1")"
  if [ ! -f "$dir/quickstart/target/quickstart.jar" ]; then
    rm -rf "$dir"
    git worktree add --force --detach "$dir" "$1" >/dev/null
    (cd "$dir" && ./mvnw -B -q package -DskipTests) >&2
  fi
  echo "$dir"
}
dir_a=$(build "$a")
dir_b=$(build "$b")
for round in 1 2; do
  for side in "A $a $dir_a" "B $b $dir_b"; do
    read -r label rev dir <<< "$side"
    echo "== round $round, $label = $rev"
    (cd "$dir" && ./benchmark.sh "$@" 2>&1 | grep -E "RESULT|CPU per command")
  done
done
