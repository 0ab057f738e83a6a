#!/usr/bin/env bash
# Full benchmark run: 2 JMH forks x 5 x 3 s per figure, every client and workload (12, 16, 64 MiB too),
# the 16 x 50 MB upload, 256 concurrent generations with a 300 s deadline. Takes about an hour on 2
# cores and needs ~6 GiB of free memory (the server holds an 800 MB upload). Results: benchmarks/results/full/.
set -euo pipefail
MODE=full exec "$(dirname "$0")/run-quick.sh"
