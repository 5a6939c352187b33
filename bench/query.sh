#!/usr/bin/env bash
# Query benchmark: ./bench/query.sh [DAYS] [SEED] [mainnet|small]   (defaults: 30 days, seed 1, mainnet scale)
# Bulk-loads a mainnet-shaped history into an embedded PostgreSQL 17 under /tmp/qbench/ (kept: a second run with the
# same days and seed reuses it), builds the plain-SQL baselines beside it, measures our query service over HTTP
# against them (snapshot, by-scid, by-node, diff), storage, and writes bench/results/query-DATE.{json,md} and
# query-DATE-explain.md (EXPLAIN ANALYZE of every statement, JFR profile of the snapshot).
# BENCH_JAVA_OPTS passes JVM options and -Dqbench.* settings (see QueryBenchmark's Javadoc).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests -pl bench/query -am package || mvn -B -q -DskipTests -pl bench/query -am package
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile=bench-log4j2.xml \
    -cp "bench/query/target/classes:$(cat bench/query/target/classpath.txt)" \
    io.lngossip.bench.query.QueryBenchmark "${1:-30}" "${2:-1}" "${3:-mainnet}" bench/results
