#!/usr/bin/env bash
# Every workload (78 KB to 256 MiB, n = 4 and 10) against both peers in 4 interleaved rounds with short
# iterations, the peers' heap, uploads of 16 x 8 MB and 256 concurrent calls for all three clients: about
# 15 minutes on 2 cores. Same output and exit status as run-check.sh; PUBLISH=1 writes the report into
# BENCHMARKS.md. Results: benchmarks/results/quick/.
exec "$(dirname "$0")/run.sh" quick
