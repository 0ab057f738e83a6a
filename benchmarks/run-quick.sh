#!/usr/bin/env bash
# Quick benchmark run (under 10 minutes on 2 cores): builds what it needs, writes raw results under
# benchmarks/results/$MODE/ and regenerates ../BENCHMARKS.md. MODE=full (see run-full.sh) runs longer
# iterations, more workloads and the 16 x 50 MB upload.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${MODE:-quick}
OUT=benchmarks/results/$MODE
SCRATCH=${SCRATCH:-${TMPDIR:-/tmp}/imagegen4j-bench-scratch}
J=benchmarks/target/benchmarks.jar

if [ "$MODE" = full ]; then
  WORKLOADS=1024x1024,3840x2160,12MiB,16MiB,64MiB
  CLIENTS=imagegen4j-buffer,imagegen4j-bytes,imagegen4j-file,openai-java,openai-java-file,langchain4j,langchain4j-file,floor-base64,floor-loopback
  JMH_ITER=(-wi 3 -w 3s -i 5 -r 3s -f 2)
  HEAP=(imagegen4j-buffer:tiny openai-java:tiny langchain4j:tiny floor-base64:tiny
        imagegen4j-buffer:1024x1024 openai-java:1024x1024 langchain4j:1024x1024
        imagegen4j-buffer:3840x2160 openai-java:3840x2160 langchain4j:3840x2160
        imagegen4j-buffer:12MiB imagegen4j-bytes:12MiB imagegen4j-file:12MiB openai-java:12MiB langchain4j:12MiB floor-base64:12MiB
        imagegen4j-buffer:16MiB imagegen4j-file:16MiB openai-java:16MiB langchain4j:16MiB
        imagegen4j-buffer:64MiB imagegen4j-bytes:64MiB imagegen4j-file:64MiB openai-java:64MiB langchain4j:64MiB floor-base64:64MiB
        imagegen4j-edit:upload16x8MB openai-java-edit:upload16x8MB
        imagegen4j-edit:upload16x50MB openai-java-edit:upload16x50MB)
  UPLOAD_MB=50; UPLOAD_REPEAT=3; DEADLINE=300
else
  WORKLOADS=1024x1024,3840x2160,12MiB,64MiB
  CLIENTS=imagegen4j-buffer,imagegen4j-bytes,imagegen4j-file,openai-java,langchain4j,floor-base64,floor-loopback
  JMH_ITER=(-wi 1 -w 1s -i 2 -r 2s -f 1)
  HEAP=(imagegen4j-buffer:tiny openai-java:tiny langchain4j:tiny floor-base64:tiny
        imagegen4j-buffer:12MiB imagegen4j-file:12MiB openai-java:12MiB langchain4j:12MiB floor-base64:12MiB
        openai-java:16MiB langchain4j:16MiB
        imagegen4j-buffer:64MiB imagegen4j-file:64MiB openai-java:64MiB langchain4j:64MiB
        imagegen4j-edit:upload16x8MB openai-java-edit:upload16x8MB)
  UPLOAD_MB=8; UPLOAD_REPEAT=2; DEADLINE=30
fi

START=$(date +%s)
mvn -B -q -pl benchmarks -am package -DskipTests
mkdir -p "$OUT" "$SCRATCH"
rm -f "$OUT"/*

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) (nproc)"
  echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os:      $(uname -sr)"
  echo "jdk:     $(java -version 2>&1 | tr '\n' ' ')"
  echo "mode:    $MODE"
  echo "command: MODE=$MODE benchmarks/run-quick.sh   (JMH: ${JMH_ITER[*]} -prof gc)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at start (other builds may share the machine: expect noise)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

# 1. JMH time and allocation, against one benchmark server in its own JVM
java -Xmx1g -cp "$J" dev.imagegen4j.benchmarks.BenchServer --daemon --workloads "tiny,$WORKLOADS" > "$OUT/server.txt" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q READY "$OUT/server.txt" && break; sleep 1; done
REPLAY=$(sed -n 's/^READY replay=\([^ ]*\).*/\1/p' "$OUT/server.txt")
[ -n "$REPLAY" ] || { cat "$OUT/server.txt"; exit 1; }
java -jar "$J" DecodeBenchmark -p workload="$WORKLOADS" -p client="$CLIENTS" "${JMH_ITER[@]}" -prof gc \
  -jvmArgsAppend "-Xmx2g -Dbench.replay=$REPLAY" -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.txt" \
  | grep -E '^(# Benchmark|# Parameters|Benchmark|DecodeBenchmark)|Exception' || true
kill $SERVER; trap - EXIT
echo "JMH done after $(( $(date +%s) - START )) s"

# 2. peak heap (bisection of -Xmx, one JVM per trial; the runner starts its own server)
java -cp "$J" dev.imagegen4j.benchmarks.Runner heap "$OUT/heap.csv" "$SCRATCH" "${HEAP[@]}" | tee "$OUT/heap.txt"
echo "heap done after $(( $(date +%s) - START )) s"

# 3. upload time and 4. concurrency
java -cp "$J" dev.imagegen4j.benchmarks.Runner upload "$OUT/upload.csv" "$SCRATCH" 16 "$UPLOAD_MB" "$UPLOAD_REPEAT" \
  imagegen4j-edit openai-java-edit | tee "$OUT/upload.txt"
java -cp "$J" dev.imagegen4j.benchmarks.Runner concurrency "$OUT/concurrency.csv" 256 2000 "$DEADLINE" \
  imagegen4j openai-java langchain4j | tee "$OUT/concurrency.txt"

# 5. tables
java -cp "$J" dev.imagegen4j.benchmarks.Report "$OUT" benchmarks/NOTES.md BENCHMARKS.md
echo "done in $(( $(date +%s) - START )) s; raw results in $OUT, tables in BENCHMARKS.md"
