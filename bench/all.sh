#!/usr/bin/env bash
# The [7/9] targets table in one command: the live-ingest benchmark, then the query benchmark, then the table of
# targets beside what the two runs measured (bench/results/targets-DATE.md, also printed).
#   ./bench/all.sh            mainnet scale: 5,000,000 sightings through the live job, 30 days of history for queries
#   ./bench/all.sh small      a quick check of the machinery (20,000 sightings, 2 days): its figures say nothing
# Takes over an hour at mainnet scale on 2 cores (the query benchmark's first load of 30 days alone is ~15-40 min;
# it keeps the database under /tmp/qbench for the next run). BENCH_JAVA_OPTS reaches both benchmarks' JVMs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scale="${1:-mainnet}"
if [[ "$scale" == "small" ]]; then
    messages=20000; days=2
elif [[ "$scale" == "mainnet" ]]; then
    messages=5000000; days=30
else
    echo "usage: bench/all.sh [mainnet|small]" >&2
    exit 2
fi
newest() { ls -t bench/results/$1 2>/dev/null | head -1; }
started="$(date +%s)"
./bench/ingest.sh live "$messages" live "$scale"
ingest="$(newest "ingest-live-*.json")"
./bench/query.sh "$days" 1 "$scale"
query="$(ls -t bench/results/query-*.json | grep -v explain | head -1)"
for f in "$ingest" "$query"; do
    if [[ -z "$f" || "$(stat -c %Y "$f")" -lt "$started" ]]; then
        echo "bench/all.sh: a benchmark wrote no new result ($f)" >&2
        exit 1
    fi
done
java -cp "bench/query/target/classes:$(cat bench/query/target/classpath.txt)" io.lngossip.bench.query.TargetsTable \
    "$ingest" "$query" "bench/results/targets-$(date -u +%Y-%m-%d)-$scale.md"
