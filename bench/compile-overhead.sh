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

java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }

java="${DEFERLINT_BENCH_JAVA:-}"
if [[ -z "$java" ]]; then
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java; do
    if [[ -x "$candidate" ]] && (( $(java_major "$candidate" || echo 0) >= 21 )); then
      if [[ -z "$java" ]] || (( $(java_major "$candidate") > $(java_major "$java") )); then
        java="$candidate"
      fi
    fi
  done
fi
if [[ -z "$java" ]]; then
  echo "compile-overhead: no JDK 21 or newer found; set DEFERLINT_BENCH_JAVA" >&2
  exit 2
fi

./mvnw -B -q -pl bench -am package -DskipTests

# Error Prone in this JVM needs javac's internals: jdk.compiler.opens in pom.xml, which the build
# wrote as a JVM options file.
opens=("-XX:VMOptionsFile=bench/target/jdk-compiler.vmoptions")

heap="${DEFERLINT_BENCH_HEAP:-3g}"
# shellcheck disable=SC2086 # DEFERLINT_BENCH_JVM_OPTS is a list of options.
exec "$java" "-Xms$heap" "-Xmx$heap" "${opens[@]}" ${DEFERLINT_BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/compile-overhead.classpath)" \
  io.github.deferlint.bench.compile.CompileOverhead --corpus-dir bench/target/corpus "$@"
