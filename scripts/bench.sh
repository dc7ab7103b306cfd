#!/usr/bin/env bash
# make bench: the benchmarks (main classes of bootstrap), run on the built jar with the Makefile's JVM flags.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
JAVA="$JAVA_HOME/bin/java"
FLAGS="--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC"
JAR=bootstrap/target/draftnrun.jar
echo "== ingestion throughput vs raw embedding (IngestionBenchmark) =="
"$JAVA" $FLAGS -cp "$JAR" io.draftnrun.bootstrap.IngestionBenchmark "${INGESTION_BENCH_PAGES:-300}" 10
