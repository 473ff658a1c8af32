# shellcheck shell=bash
# Round-by-round comparison against a reference proxy, shared by bench/run.sh and bench/pool.sh.
# Source it; it defines functions only.
#
# Input: CSV lines "scenario,target,round,requests/s,p50 ms,p99 ms,errors,CPU µs per request", one
# per wrk run. Each round runs every target seconds apart, so a drift of the machine's speed
# between rounds cancels out of the ratio within a round.

scenario_title() {
  case "$1" in
    get) echo "GET routed by path" ;;
    post) echo "POST routed by JSON \`model\`" ;;
    cache) echo "POST, decision-cache hit" ;;
    tls-keep) echo "TLS 1.3, keep-alive" ;;
    tls-close) echo "TLS 1.3, a handshake per request" ;;
    h2c) echo "HTTP/2 cleartext (h2c)" ;;
    h2) echo "HTTP/2 over TLS (h2)" ;;
    body16k) echo "16 KiB chat body, model last" ;;
    body256k) echo "256 KiB chat body, model last" ;;
    body1m) echo "1 MB chat body, model last" ;;
    defaults-get) echo "defaults: GET by path" ;;
    defaults-post) echo "defaults: POST by model" ;;
    conns-*) echo "${1#conns-} connections" ;;
    *) echo "$1" ;;
  esac
}

# paired REF CSV: per scenario and target, against REF in the same round: the median of the
# per-round requests/s ratios, how many rounds it was ahead, in how many its p99 was at or below
# REF's, the number of rounds, the median of the per-round p99 ratios, and a two-sided sign test
# of each count: the chance of a split at least that uneven if the two were equal and each round
# a coin toss.
paired() {
  awk -F, -v ref="$1" '
  function median(a, c,   i, j, t) {
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
  function sign(k, c,   i, j, m, q, s) { # two-sided sign test: P(a split at least as uneven as k of c)
    m = k > c - k ? k : c - k; s = 0
    for (i = m; i <= c; i++) { q = 1; for (j = 1; j <= i; j++) q = q * (c - j + 1) / j; s += q }
    s = 2 * s / 2 ^ c; return s > 1 ? 1 : s }
  { v[$1, $2, $3] = $4; l[$1, $2, $3] = $6; if ($3 + 0 > rounds) rounds = $3 + 0
    if (!(($1, $2) in seen)) { seen[$1, $2] = 1; order[++m] = $1 SUBSEP $2 } }
  END { for (i = 1; i <= m; i++) { split(order[i], p, SUBSEP); s = p[1]; t = p[2]
      if (t == ref || t == "direct" || (ref != "haproxy" && t == "haproxy")) continue
      c = 0; ahead = 0; p99ok = 0; delete x; delete y
      for (r = 1; r <= rounds; r++) if ((s, t, r) in v && (s, ref, r) in v && v[s, ref, r] > 0 && l[s, ref, r] > 0) {
        x[++c] = v[s, t, r] / v[s, ref, r]; y[c] = l[s, t, r] / l[s, ref, r]
        if (x[c] > 1) ahead++; if (l[s, t, r] + 0 <= l[s, ref, r] + 0) p99ok++ }
      if (c == 0) continue
      printf "%s %s %.2f %d %d %d %.2f %.3f %.3f\n", s, t, median(x, c), ahead, p99ok, c, median(y, c), sign(ahead, c), sign(p99ok, c) } }
  ' "$2"
}

# verdict K C P BETTER WORSE: a sign test's reading: BETTER when K of C rounds favour the target,
# WORSE when they favour the reference (p < 0.05 either way), else "no clear difference".
verdict() {
  awk -v k="$1" -v c="$2" -v p="$3" -v better="$4" -v worse="$5" 'BEGIN {
    w = p >= 0.05 ? "no clear difference" : (2 * k > c ? better : worse)
    if (p < 0.01) printf "p < 0.01: %s", w; else printf "p = %.2f: %s", p, w }'
}

# paired_table NAME < paired output: the markdown table, NAME being the reference as titled.
paired_table() {
  local name=$1 ps pt pr pa pp pc pl sa sp
  echo "The sign test asks whether a split of rounds as uneven as this one could be a tie plus this"
  echo "machine's noise: below 0.05 it reads as a lead (or a lag); with 10 rounds that takes 9 of 10."
  echo
  echo "| scenario | target | x $name (median of rounds) | rounds ahead of $name | sign test | p99 x $name (median of rounds) | rounds with p99 at or below $name's | sign test |"
  echo "|---|---|---:|---:|---|---:|---:|---|"
  while read -r ps pt pr pa pp pc pl sa sp; do
    echo "| $(scenario_title "$ps") | $pt | $pr | $pa of $pc | $(verdict "$pa" "$pc" "$sa" ahead behind) | $pl | $pp of $pc | $(verdict "$pp" "$pc" "$sp" lower higher) |"
  done
}
