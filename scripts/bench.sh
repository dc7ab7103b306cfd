#!/usr/bin/env bash
# make bench: the run-engine benchmark (scripts/Bench.java) against the OpenAI stub of ../shared/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
STUB="${BENCH_STUB:-$(cd .. && pwd)/shared/bench/openai-stub.mjs}"
[ -f "$STUB" ] || STUB=/work/shared/bench/openai-stub.mjs
command -v node >/dev/null || { echo "bench needs node (for the OpenAI stub)"; exit 1; }
exec "$JAVA_HOME/bin/java" scripts/Bench.java "$JAVA_HOME/bin/java" bootstrap/target/draftnrun.jar "$STUB"
