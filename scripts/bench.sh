#!/usr/bin/env bash
# make bench: the run-engine benchmark (scripts/Bench.java) against the OpenAI stub of ../shared/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
STUB="${BENCH_STUB:-$(cd .. && pwd)/shared/bench/openai-stub.mjs}"
[ -f "$STUB" ] || STUB=/work/shared/bench/openai-stub.mjs
command -v node >/dev/null || { echo "bench needs node (for the OpenAI stub)"; exit 1; }
"$JAVA_HOME/bin/java" scripts/Bench.java "$JAVA_HOME/bin/java" bootstrap/target/draftnrun.jar "$STUB"

# the vector store benchmark (adapters-out/lucene/README.md), 10,000 chunks; BENCH_VECTORS=0 skips it
if [ "${BENCH_VECTORS:-1}" != 0 ] && [ -f adapters-out/lucene/src/test/java/io/draftnrun/adapter/out/lucene/LuceneRetrievalBench.java ]; then
  echo
  echo "vector retrieval (Lucene, LuceneRetrievalBench ${BENCH_VECTOR_CHUNKS:-10000} chunks):"
  JAVA_HOME="$JAVA_HOME" MAVEN_OPTS="--add-modules jdk.incubator.vector" ./mvnw -B -ntp -q -pl adapters-out/lucene -am \
    test-compile exec:java -Dexec.skip=true -Dexec.mainClass=io.draftnrun.adapter.out.lucene.LuceneRetrievalBench \
    -Dexec.args="${BENCH_VECTOR_CHUNKS:-10000}" -Dspotless.check.skip=true 2>&1 | grep -v '^WARNING'
fi
# no ingestion benchmark main exists yet (nothing to call)
