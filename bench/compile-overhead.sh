#!/usr/bin/env bash
# What the deferlint checks cost at compile time (docs/performance.md, "Compile overhead"):
# builds the checks and the harness, then times javac with and without the checks in one JVM.
#   bench/compile-overhead.sh                  # every corpus, 5 pairs (about half an hour on 2 cores)
#   bench/compile-overhead.sh --real commons-lang3 --scales 1 --pairs 3    # a quick look
#   bench/compile-overhead.sh --help
# DEFERLINT_BENCH_JAVA picks the JVM (21 or newer; default: the newest under /usr/lib/jvm or
# JAVA_HOME); DEFERLINT_BENCH_HEAP its heap (default 3g, fixed, so that runs compare);
# DEFERLINT_BENCH_JVM_OPTS adds JVM options, e.g. -XX:StartFlightRecording=filename=bench.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/jvm.sh
source bench/jvm.sh
pick_java compile-overhead

./mvnw -B -q -pl bench -am package -DskipTests

heap="${DEFERLINT_BENCH_HEAP:-3g}"
# shellcheck disable=SC2086 # DEFERLINT_BENCH_JVM_OPTS is a list of options.
exec "$java" "-Xms$heap" "-Xmx$heap" "${javac_opens[@]}" ${DEFERLINT_BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/compile-overhead.classpath)" \
  io.github.deferlint.bench.compile.CompileOverhead --corpus-dir bench/target/corpus "$@"
