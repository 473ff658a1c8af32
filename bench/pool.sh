#!/usr/bin/env bash
# Several full runs read as one: their rounds pooled, then the round-by-round tables of bench/run.sh.
#
#   bench/pool.sh bench/results/A-full.md bench/results/B-full.md ...
#
# Reads the "Every round" table of each result file (any run of bench/run.sh since it has one),
# numbers the rounds on from one file to the next, and prints against HAProxy and against nginx:
# the median of the per-round ratios, the rounds ahead, the median per-round p99 ratio, the rounds
# with p99 at or below, and a two-sided sign test of each count. Pool only runs of the same build
# and settings: the pooled rounds are read as draws from one comparison. See docs/benchmarks.md.
set -euo pipefail

if (($# < 1)); then
  sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
cd "$(dirname "$0")/.."
# shellcheck source=bench/paired.sh
source bench/paired.sh

TMP=$(mktemp -d /tmp/junction-pool.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
RUNS=$TMP/runs.csv
: >"$RUNS"
offset=0
for f in "$@"; do
  [[ -r $f ]] || { echo "pool: cannot read $f" >&2; exit 2; }
  # Rows of "Every round": | scenario | target | round | requests/s | p50 | p99 | CPU µs | errors |
  rows=$(sed -n '/<details>/,$p' "$f" | awk -F'|' -v off="$offset" '
    NF >= 10 && $4 ~ /^ *[0-9]+ *$/ && $2 ~ /^ *(get|post|cache) *$/ {
      for (i = 2; i <= 9; i++) gsub(/ /, "", $i)
      print $2 "," $3 "," ($4 + off) "," $5 "," $6 "," $7 "," $9 "," $8; if ($4 + 0 > max) max = $4 + 0 }
    END { print "max " max > "/dev/stderr" }' 2>"$TMP/max")
  [[ -n $rows ]] || { echo "pool: no \"Every round\" rows in $f (expected: a result file of bench/run.sh)" >&2; exit 2; }
  echo "$rows" >>"$RUNS"
  offset=$((offset + $(awk '{print $2}' "$TMP/max")))
done

echo "Pooled: $# run(s), $offset round(s): $*"
echo
echo "## Against HAProxy, round by round"
echo
paired haproxy "$RUNS" | paired_table HAProxy
echo
echo "## Against nginx, round by round"
echo
paired nginx "$RUNS" | paired_table nginx
