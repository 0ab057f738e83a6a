#!/usr/bin/env bash
# The published figures: every client variant and workload, 6 rounds at 78 KB and 5 elsewhere with longer
# iterations, the heap of every client, 16 x 50 MB uploads: about an hour on 2 cores and ~6 GiB of free
# memory. Writes the report into BENCHMARKS.md (PUBLISH=0 to keep it). Results: benchmarks/results/full/.
exec "$(dirname "$0")/run.sh" full
