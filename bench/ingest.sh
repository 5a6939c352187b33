#!/usr/bin/env bash
# Ingest benchmarks:
#   ./bench/ingest.sh [DAYS] [mainnet|small]   bulk import: a generated history through GossipImport (the job's
#                                              pipeline in backfill mode) against a plain COPY of the same rows
#   ./bench/ingest.sh live [MESSAGES] [live|backfill] [mainnet|small] [LAG_SECONDS] [RATE]
#                                              the live job: MESSAGES generated sightings (default 300,000; 5,000,000
#                                              for the reported run) in Kafka first, the job from the earliest offset
#                                              until all is stored, then live lag at 100 msg/s, then the COPY floor
# Both write bench/results/ingest[-live]-DATE.{json,md}. BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests -pl bench/ingest -am package 2>/dev/null || mvn -B -q -DskipTests -pl bench/ingest -am package
cp="bench/ingest/target/classes:$(cat bench/ingest/target/classpath.txt)"
if [[ "${1:-}" == "live" ]]; then
    exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile=bench-log4j2.xml -cp "$cp" \
        io.lngossip.bench.ingest.LiveIngestBenchmark "${2:-300000}" "${3:-live}" "${4:-mainnet}" "${5:-60}" "${6:-100}" bench/results
fi
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile=bench-log4j2.xml -cp "$cp" \
    io.lngossip.bench.ingest.IngestBenchmark "${1:-1}" "${2:-mainnet}" bench/results
