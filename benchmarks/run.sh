#!/usr/bin/env bash
# The benchmark engine behind run-check.sh, run-quick.sh and run-full.sh: builds, starts one bench server
# (its own JVM), measures the plan of the chosen mode into benchmarks/results/<mode>/, then judges every
# target (Report). Stdout ends with the verdict table and exactly one line
#   perf: decode x.xx of loopback floor, alloc x.xx of openai-java, n=10 heap x.xx
# and the exit status is Report's: 0 all passed, 1 a target missed, 3 none missed but some undecided.
#
# Usage: benchmarks/run.sh check|quick|full
# Environment: OUT (results directory), SCRATCH (upload files and file sinks), PUBLISH=1 (write the report
# into BENCHMARKS.md; run-full.sh does), SKIP_BUILD=1 (use the existing benchmarks/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:?usage: benchmarks/run.sh check|quick|full}
OUT=${OUT:-benchmarks/results/$MODE}
SCRATCH=${SCRATCH:-${TMPDIR:-/tmp}/imagegen4j-bench-scratch}
J=benchmarks/target/benchmarks.jar

# A JMH plan line: WORKLOADS|CLIENTS|ROUNDS|WARMUP|MEASURE (N:TIME each). Verdicts need >= 4 rounds (Judge);
# lines with fewer rounds only fill in the tables.
case $MODE in
  check)   # the gate: about 5 minutes on 2 cores
    PUBLISH=${PUBLISH:-0}
    SERVED=tiny,1024x1024,12MiB,n4x4MiB,n10x1MiB,256MiB
    SERVER_XMX=3g
    # LangChain4j takes twice openai-java's time at 12 MiB: one round shows it, the others pair with openai-java
    JMH_PLAN=(
      "1024x1024|imagegen4j-buffer,openai-java,langchain4j|4|4:1s|5:500ms"
      "12MiB|imagegen4j-buffer,openai-java,floor-loopback|4|2:1s|3:500ms"
      "12MiB|langchain4j,imagegen4j-bytes,floor-transfer,floor-base64,floor-jdk-http|1|2:1s|3:500ms")
    HEAP=(imagegen4j-buffer:12MiB imagegen4j-file:12MiB imagegen4j-buffer:n4x4MiB imagegen4j-buffer:n10x1MiB)
    HEAP_COARSE=(imagegen4j-file:256MiB imagegen4j-buffer:256MiB imagegen4j:concurrent256
                 imagegen4j-edit:upload16x8MB)
    CONCURRENCY=(imagegen4j)
    UPLOAD=()
    ;;
  quick)   # every workload with enough rounds to decide, short iterations: about 15 minutes
    PUBLISH=${PUBLISH:-0}
    SERVED=tiny,1024x1024,3840x2160,12MiB,16MiB,64MiB,n4x4MiB,n10x1MiB,256MiB
    SERVER_XMX=4g
    JMH_PLAN=(
      "1024x1024|imagegen4j-buffer,openai-java,langchain4j|4|4:1s|5:500ms"
      "3840x2160,12MiB,64MiB,n4x4MiB,n10x1MiB|imagegen4j-buffer,openai-java,langchain4j,floor-loopback|4|2:500ms|3:300ms"
      "1024x1024,3840x2160,12MiB,64MiB,n10x1MiB|imagegen4j-bytes,imagegen4j-file,floor-transfer,floor-base64,floor-jdk-http|1|2:500ms|3:300ms")
    HEAP=(imagegen4j-buffer:12MiB imagegen4j-file:12MiB imagegen4j-buffer:n4x4MiB imagegen4j-buffer:n10x1MiB
          imagegen4j-buffer:64MiB imagegen4j-file:64MiB
          openai-java:12MiB langchain4j:12MiB floor-base64:12MiB openai-java:16MiB langchain4j:16MiB
          openai-java:n10x1MiB langchain4j:n10x1MiB)
    HEAP_COARSE=(imagegen4j-file:256MiB imagegen4j-buffer:256MiB imagegen4j:concurrent256
                 imagegen4j-edit:upload16x8MB openai-java-edit:upload16x8MB)
    CONCURRENCY=(imagegen4j openai-java langchain4j)
    UPLOAD=(16 8 2)
    ;;
  full)    # the published figures: about an hour, ~6 GiB free memory
    PUBLISH=${PUBLISH:-1}
    SERVED=tiny,1024x1024,3840x2160,12MiB,16MiB,64MiB,n4x4MiB,n10x1MiB,256MiB
    SERVER_XMX=4g
    JMH_PLAN=(
      "1024x1024|imagegen4j-buffer,openai-java,langchain4j,floor-loopback|6|5:1s|10:500ms"
      "3840x2160,12MiB,64MiB,256MiB,n4x4MiB,n10x1MiB|imagegen4j-buffer,openai-java,langchain4j,floor-loopback|5|3:2s|5:1s"
      "1024x1024,3840x2160,12MiB,64MiB,n4x4MiB,n10x1MiB|imagegen4j-bytes,imagegen4j-file,openai-java-file,langchain4j-file,floor-transfer,floor-base64,floor-jdk-http|2|3:1s|5:1s")
    HEAP=(openai-java:tiny langchain4j:tiny floor-base64:tiny
          imagegen4j-buffer:1024x1024 openai-java:1024x1024 langchain4j:1024x1024
          imagegen4j-buffer:3840x2160 openai-java:3840x2160 langchain4j:3840x2160
          imagegen4j-buffer:12MiB imagegen4j-bytes:12MiB imagegen4j-file:12MiB openai-java:12MiB langchain4j:12MiB
          floor-base64:12MiB
          imagegen4j-buffer:16MiB imagegen4j-file:16MiB openai-java:16MiB langchain4j:16MiB
          imagegen4j-buffer:n4x4MiB openai-java:n4x4MiB langchain4j:n4x4MiB
          imagegen4j-buffer:n10x1MiB openai-java:n10x1MiB langchain4j:n10x1MiB
          imagegen4j-buffer:64MiB imagegen4j-bytes:64MiB imagegen4j-file:64MiB openai-java:64MiB langchain4j:64MiB
          floor-base64:64MiB
          openai-java:concurrent256 langchain4j:concurrent256)
    HEAP_COARSE=(imagegen4j-file:256MiB imagegen4j-buffer:256MiB imagegen4j:concurrent256
                 imagegen4j-edit:upload16x8MB openai-java-edit:upload16x8MB
                 imagegen4j-edit:upload16x50MB openai-java-edit:upload16x50MB)
    CONCURRENCY=(imagegen4j openai-java langchain4j)
    UPLOAD=(16 50 3)
    ;;
  *) echo "unknown mode $MODE: check, quick or full" >&2; exit 2 ;;
esac

START=$(date +%s)
elapsed() { echo "$(( $(date +%s) - START )) s"; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
rm -rf "$OUT"
mkdir -p "$OUT" "$SCRATCH"
{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) (nproc)"
  echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os:      $(uname -sr)"
  echo "jdk:     $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "mode:    $MODE (benchmarks/run-$MODE.sh)"
  for p in "${JMH_PLAN[@]}"; do echo "jmh:     $p   (workloads|clients|rounds|warm-up|measurement)"; done
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at start (other processes share the machine: expect noise)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

# one server for every step, in its own JVM
java -Xmx$SERVER_XMX -XX:+UseParallelGC -Djava.awt.headless=true -cp "$J" dev.imagegen4j.benchmarks.BenchServer \
  --daemon --workloads "$SERVED" > "$OUT/server.txt" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q '^READY' "$OUT/server.txt" && break
  kill -0 $SERVER_PID 2>/dev/null || break; sleep 1; done
URLS=$(sed -n 's/^READY replay=\([^ ]*\) emulator=\([^ ]*\).*/\1,\2/p' "$OUT/server.txt")
[ -n "$URLS" ] || { echo "bench server did not start:" >&2; cat "$OUT/server.txt" >&2; exit 2; }
echo "server ready after $(elapsed): $URLS"
RUN=(java -cp "$J" dev.imagegen4j.benchmarks.Runner)

# 1. time and allocation: interleaved rounds of single JMH forks
for p in "${JMH_PLAN[@]}"; do
  IFS='|' read -r workloads clients rounds warmup measure <<< "$p"
  "${RUN[@]}" jmh "$OUT" --server "$URLS" --workloads "$workloads" --clients "$clients" --rounds "$rounds" \
    --warmup "$warmup" --measure "$measure"
done
echo "jmh done after $(elapsed)"

# 2. heap: bisection of -Xmx, one JVM per trial (aimed at each target's bound)
"${RUN[@]}" heap "$OUT" "$SCRATCH" --server "$URLS" "${HEAP[@]}"
"${RUN[@]}" heap "$OUT" "$SCRATCH" --server "$URLS" --coarse "${HEAP_COARSE[@]}"
echo "heap done after $(elapsed)"

# 3. concurrency (threads, wall time) and 4. upload time
"${RUN[@]}" concurrency "$OUT" --server "$URLS" 256 2000 60 "${CONCURRENCY[@]}"
if [ ${#UPLOAD[@]} -gt 0 ]; then
  "${RUN[@]}" upload "$OUT" "$SCRATCH" --server "$URLS" "${UPLOAD[@]}" imagegen4j-edit openai-java-edit
fi
kill $SERVER_PID 2>/dev/null || true
trap - EXIT
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end, after $(elapsed)" >> "$OUT/machine.txt"
echo "measured in $(elapsed); raw results in $OUT"

# 5. verdicts (last: stdout ends with the perf line)
REPORT=(java -cp "$J" dev.imagegen4j.benchmarks.Report "$OUT")
if [ "$PUBLISH" = 1 ]; then REPORT+=(--publish BENCHMARKS.md); fi
set +e
"${REPORT[@]}"
exit $?
