#!/usr/bin/env bash
# CPU per request of two running proxies, measured in turns: the steadier measure on a noisy VM.
#
#   bench/cpu-ab.sh PID_A URL_A PID_B URL_B [ROUNDS] [SECONDS] [WRK_SCRIPT]
#
# Each round runs `wrk -t1 -c64` for SECONDS (default 4) against URL_A, then URL_B (ROUNDS, default
# 8), and prints the CPU time (user + system, from /proc/PID/stat) each process spent per request.
# WRK_SCRIPT is a wrk Lua script for both (e.g. a POST body). Warm both up first. Start the proxies
# by hand, e.g. two Junction jars on bench/junction-bench.yaml. See docs/benchmarks.md.
set -euo pipefail

if (($# < 4)); then
  sed -n '4,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
PID_A=$1 URL_A=$2 PID_B=$3 URL_B=$4 ROUNDS=${5:-8} SECONDS_=${6:-4} SCRIPT=${7:-}
for p in "$PID_A" "$PID_B"; do
  [[ -r /proc/$p/stat ]] || { echo "cpu-ab: no process $p" >&2; exit 2; }
done
command -v wrk >/dev/null 2>&1 || { echo "cpu-ab: wrk not found (apt-get install wrk)" >&2; exit 1; }
TICKS=$(getconf CLK_TCK)

cpu_ticks() { # user + system time of process $1, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

per_request() { # PID URL: runs wrk, prints "requests µs_per_request"
  local before after requests
  before=$(cpu_ticks "$1")
  requests=$(wrk -t1 -c64 -d"${SECONDS_}s" ${SCRIPT:+-s "$SCRIPT"} "$2" | awk '/requests in/ {print $1}')
  after=$(cpu_ticks "$1")
  awk -v b="$before" -v a="$after" -v n="$requests" -v t="$TICKS" 'BEGIN {printf "%d %.2f\n", n, (a - b) * 1e6 / t / n}'
}

printf 'round  A µs/request  B µs/request\n'
sum_a=0 sum_b=0 lower_b=0
for ((r = 1; r <= ROUNDS; r++)); do
  read -r _ a < <(per_request "$PID_A" "$URL_A")
  read -r _ b < <(per_request "$PID_B" "$URL_B")
  printf '%5d  %12s  %12s\n' "$r" "$a" "$b"
  sum_a=$(awk -v s="$sum_a" -v x="$a" 'BEGIN {print s + x}')
  sum_b=$(awk -v s="$sum_b" -v x="$b" 'BEGIN {print s + x}')
  lower_b=$(awk -v l="$lower_b" -v a="$a" -v b="$b" 'BEGIN {print l + (b < a)}')
done
awk -v a="$sum_a" -v b="$sum_b" -v n="$ROUNDS" -v l="$lower_b" \
  'BEGIN {printf "mean   %12.2f  %12.2f   (B lower in %d of %d rounds)\n", a / n, b / n, l, n}'
