# Sourced by the bench scripts, from the repository root: the JVM that runs a benchmark, and the
# options that open javac's internals to Error Prone in it.
# DEFERLINT_BENCH_JAVA picks the JVM (21 or newer; default: the newest under /usr/lib/jvm or
# JAVA_HOME).

java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }

# Sets java to the JVM to run, or exits with 2; $1 names the script in the message.
pick_java() {
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
    echo "$1: no JDK 21 or newer found; set DEFERLINT_BENCH_JAVA" >&2
    exit 2
  fi
}

# Error Prone in the JVM needs javac's internals: jdk.compiler.opens in pom.xml, which the build
# writes as a JVM options file (so call this after building bench).
javac_opens=("-XX:VMOptionsFile=bench/target/jdk-compiler.vmoptions")
