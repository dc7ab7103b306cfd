#!/usr/bin/env bash
# make bench: the benchmarks (not tests), each printing its table. Figures are ratios against a baseline measured in
# the same run (the machines are shared and noisy).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
JAVA="$JAVA_HOME/bin/java"
FLAGS="--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC"
JAR=bootstrap/target/draftnrun.jar
STUB="${BENCH_STUB:-$(cd .. && pwd)/shared/bench/openai-stub.mjs}"

echo "== run engine: REST and GraphQL next to the OpenAI stub, fan-out, memory (scripts/Bench.java) =="
if command -v node >/dev/null && [ -f "$STUB" ]; then
  "$JAVA" scripts/Bench.java "$JAVA" "$JAR" "$STUB"
else
  echo "skipped: needs node and $STUB (the OpenAI-compatible stub)"
fi

echo "== ingestion throughput vs raw embedding (IngestionBenchmark) =="
"$JAVA" $FLAGS -cp "$JAR" io.draftnrun.bootstrap.IngestionBenchmark "${INGESTION_BENCH_PAGES:-300}" 10
