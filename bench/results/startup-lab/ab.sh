#!/bin/bash
# ab.sh [ROUNDS]: bin/junction start-up, two distributions interleaved (2026-12-07-startup-warm-up.md).
# Unpack them first: mkdir -p /tmp/su/{old,new}/state; tar -xzf A.tar.gz -C /tmp/su/old; tar -xzf
# B.tar.gz -C /tmp/su/new; and start the nginx backend: nginx -c $PWD/bench/results/startup-lab/be.conf.
# Each gets its own class-data archive from one start before the rounds (its path is part of it).
cd /work/main
m=bench/results/startup-lab/measure.sh
for v in old new; do JUNCTION_STATE_DIR=/tmp/su/$v/state $m -- /tmp/su/$v/junction-0.1.0-SNAPSHOT/bin/junction >/dev/null; sleep 1.5; done
declare -A r
for i in $(seq 1 ${1:-8}); do
  for v in old new; do
    t=$(JUNCTION_STATE_DIR=/tmp/su/$v/state $m -- /tmp/su/$v/junction-0.1.0-SNAPSHOT/bin/junction)
    r[$v]+="$t "
    sleep 0.3
  done
done
for v in old new; do echo "$v: ${r[$v]}"; echo "${r[$v]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print "  median", a[int((NR+1)/2)]}'; done
