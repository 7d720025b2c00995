#!/usr/bin/env bash
# What --jobs buys the lint runner (docs/performance.md, "The lint runner on all cores"): builds
# the runner and the harness, generates a corpus, then runs the runner over it in a fresh JVM per
# run, with each --jobs value in turn.
#   bench/lint-jobs.sh                                  # 5000 files, --jobs 1 and 2, 5 runs each
#   bench/lint-jobs.sh --files 1000 --jobs 1,2,4 --runs 3
#   bench/lint-jobs.sh --help
# DEFERLINT_BENCH_JAVA picks the JVM (see bench/jvm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jvm.sh
source bench/jvm.sh
pick_java lint-jobs

./mvnw -B -q -pl bench -am package -DskipTests

# This JVM only starts the runs; each run's gets the same javac options and class path.
exec "$java" -Xmx256m "${javac_opens[@]}" \
  -cp "bench/target/classes:$(cat bench/target/compile-overhead.classpath)" \
  io.github.deferlint.bench.lint.LintJobs "$@"
