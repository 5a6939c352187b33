#!/usr/bin/env bash
# Bulk ingest benchmark: ./bench/ingest.sh [DAYS] [mainnet|small]
# Generates a mainnet-shaped history, imports it through the job's pipeline into an embedded PostgreSQL 17, copies the
# same messages rows with a plain COPY (the floor), and writes bench/results/ingest-DATE.{json,md}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests -pl bench/ingest -am package
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile=bench-log4j2.xml \
    -cp "bench/ingest/target/classes:$(cat bench/ingest/target/classpath.txt)" \
    io.lngossip.bench.ingest.IngestBenchmark "${1:-1}" "${2:-mainnet}" bench/results
