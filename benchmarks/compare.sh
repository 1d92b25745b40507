#!/usr/bin/env bash
# Measures a change against the code before it: builds BASELINE (a commit) in a worktree under
# benchmarks/target/baseline, runs the whole benchmark on it and then on the working tree, one
# after the other on this machine, and writes each figure of the second as a ratio to the first to
# benchmarks/target/comparison.md (and prints it). About twice run.sh's time. The baseline is only
# packaged, never installed, so the local Maven repository keeps the working tree's artifacts.
# usage: benchmarks/compare.sh BASELINE          e.g. benchmarks/compare.sh HEAD~3
set -euo pipefail
cd "$(dirname "$0")/.."
baseline_ref=${1:?usage: benchmarks/compare.sh BASELINE}
baseline=benchmarks/target/baseline

git worktree remove --force "$baseline" 2>/dev/null || rm -rf "$baseline"
git worktree add --detach "$baseline" "$baseline_ref"
trap 'git worktree remove --force "$baseline" 2>/dev/null || true' EXIT
echo "[compare] building the baseline $(git -C "$baseline" rev-parse --short HEAD)"
(cd "$baseline" && ./mvnw -B -q -DskipTests package)
echo "[compare] running the benchmark on the baseline"
"$baseline/benchmarks/run.sh"
cp "$baseline/benchmarks/target/results.json" benchmarks/target/baseline-results.json
echo "[compare] running the benchmark on the working tree"
./benchmarks/run.sh
cd benchmarks
java -cp "target/beacon-benchmarks-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)" \
	dev.beacon.benchmarks.BaselineComparison target/baseline-results.json target/results.json | tee target/comparison.md
