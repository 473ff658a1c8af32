#!/usr/bin/env bash
# Where a proxy's latency tail comes from: how its busy threads share the CPU under load.
#
#   bench/schedstat.sh PID URL [SECONDS]
#
# Runs `wrk -t1 -c64` against URL for SECONDS (default 5) and prints, for each thread of process
# PID that ran for more than 1% of that time: its CPU time, the time it was runnable but waiting
# for a core (the kernel's schedstat), and its voluntary (it went to sleep) and involuntary (it was
# preempted) context switches. Then wrk's latency percentiles up to p99.9 and the maximum.
# Start the proxies first (bench/run.sh prints their ports, or start them by hand); compare
# targets in the same sitting. See docs/benchmarks.md.
set -euo pipefail

if (($# < 2)); then
  sed -n '4,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
PID=$1 URL=$2 SECONDS_=${3:-5}
[[ -d /proc/$PID ]] || { echo "schedstat: no process $PID" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "schedstat: wrk not found (apt-get install wrk)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/junction-schedstat.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

snapshot() { # one line per thread: tid name voluntary involuntary run_ns wait_ns
  local t
  for t in /proc/"$PID"/task/*; do
    [[ -r $t/schedstat ]] || continue
    printf '%s %s %s %s %s\n' "${t##*/}" "$(tr ' ' _ <"$t/comm")" \
      "$(awk '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2} END {print v, n}' "$t/status")" \
      "$(awk '{print $1, $2}' "$t/schedstat")" 2>/dev/null || true
  done | sort
}

cat >"$TMP/percentiles.lua" <<'EOF'
done = function(summary, latency, requests)
  local s = string.format("requests/s %.0f; latency ms:", summary.requests / (summary.duration / 1e6))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    s = s .. string.format(" p%s %.2f", p, latency:percentile(p) / 1000)
  end
  io.write(s .. string.format(" max %.2f\n", latency.max / 1000))
end
EOF

snapshot >"$TMP/before"
wrk -t1 -c64 -d"${SECONDS_}s" -s "$TMP/percentiles.lua" "$URL" | tail -n 1 >"$TMP/wrk"
snapshot >"$TMP/after"

printf '%-24s %10s %16s %10s %12s\n' thread "CPU ms" "waiting ms" sleeps preemptions
join "$TMP/before" "$TMP/after" | awk -v ms="$((SECONDS_ * 1000))" '{
  run = ($10 - $5) / 1e6; wait = ($11 - $6) / 1e6
  if (run > ms / 100) printf "%-24s %10.0f %16.0f %10d %12d\n", $2, run, wait, $8 - $3, $9 - $4
}'
cat "$TMP/wrk"
