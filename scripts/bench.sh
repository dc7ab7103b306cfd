#!/usr/bin/env bash
# make bench: the benchmarks (not tests), each printing its table. Figures are ratios against a baseline measured in
# the same run (the machines are shared and noisy).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
JAVA="$JAVA_HOME/bin/java"
WORKER_FLAGS="$(cat scripts/jvm-worker.flags)" # the flags of make run-ingestion-worker
export MALLOC_ARENA_MAX=2
JAR=bootstrap/target/draftnrun.jar
STUB="${BENCH_STUB:-$(cd .. && pwd)/shared/bench/openai-stub.mjs}"
[ -f "$STUB" ] || STUB=/work/shared/bench/openai-stub.mjs

echo "== run engine: REST and GraphQL next to the OpenAI stub, fan-out, memory, tracing overhead (scripts/Bench.java) =="
if command -v node >/dev/null && [ -f "$STUB" ]; then
  "$JAVA" scripts/Bench.java "$JAVA" "$JAR" "$STUB"
else
  echo "skipped: needs node and the OpenAI-compatible stub ($STUB)"
fi

# the benchmark mains live in bootstrap's test sources (kept out of the production jar): compile them, then run them on
# the jar (and the runtime libraries its manifest lists) followed by the test classes, with the same flags as before
BUILD_LOG="$(mktemp)"
if ! JAVA_HOME="$JAVA_HOME" ./mvnw -B -ntp -q -pl bootstrap -am test-compile -Dspotless.check.skip=true >"$BUILD_LOG" 2>&1; then
  cat "$BUILD_LOG"; echo "the benchmarks did not compile (./mvnw -pl bootstrap -am test-compile)"; exit 1
fi
rm -f "$BUILD_LOG"
BENCH_CP="$JAR:bootstrap/target/test-classes"

echo
echo "== ingestion throughput vs raw embedding of the same model (IngestionBenchmark) =="
"$JAVA" $WORKER_FLAGS -cp "$BENCH_CP" io.draftnrun.bootstrap.IngestionBenchmark "${INGESTION_BENCH_PAGES:-300}" 10

echo
echo "== retrieval quality: top-1 / top-3 hit rates per chunking, mode and question kind (RetrievalBenchmark) =="
"$JAVA" $WORKER_FLAGS -cp "$BENCH_CP" io.draftnrun.bootstrap.RetrievalBenchmark ${RETRIEVAL_BENCH_CHUNKINGS:-} 2>&1 \
  | grep -E '^(\||\()' || echo "retrieval benchmark failed"

# the vector store benchmark (adapters-out/lucene/README.md); BENCH_VECTORS=0 skips it
if [ "${BENCH_VECTORS:-1}" != 0 ]; then
  echo
  echo "== vector retrieval (Lucene, LuceneRetrievalBench ${BENCH_VECTOR_CHUNKS:-10000} chunks) =="
  JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="--add-modules jdk.incubator.vector" ./mvnw -B -ntp -q -pl adapters-out/lucene -am \
    test-compile exec:java -Dexec.skip=true -Dexec.mainClass=io.draftnrun.adapter.out.lucene.LuceneRetrievalBench \
    -Dexec.args="${BENCH_VECTOR_CHUNKS:-10000}" -Dspotless.check.skip=true 2>&1 | grep -v '^WARNING'
fi
