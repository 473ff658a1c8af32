#!/usr/bin/env bash
# Junction side by side with nginx and HAProxy, in one sitting. See docs/benchmarks.md.
#
#   bench/run.sh            full run (about 12 minutes): 10 rounds of 4 s per target and scenario
#   bench/run.sh --quick    under a minute: 1 round of 2 s, short warm-up (a smoke test: Junction's
#                           JIT is not at its steady state yet, so its ratios are pessimistic)
#
# Environment (all optional):
#   BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP   override the mode's rounds / seconds per run / warm-up seconds
#   BENCH_SCENARIOS                              subset of "get post cache sse stream" (default: all)
#   BENCH_JAR                                    the Junction jar (default target/junction.jar, rebuilt
#                                                when older than the sources)
#   JUNCTION_JAVA_OPTS                           extra JVM options for Junction (e.g. a JFR recording)
#   BENCH_JUNCTION_GC                            Junction's collector options (default: -XX:+UseSerialGC on 2
#                                                CPUs or fewer, as docs/running.md ("JVM options") recommends, else none; set it
#                                                empty for the JVM's default, G1); left out when
#                                                JUNCTION_JAVA_OPTS names a collector
#   BENCH_COMPARE_JAR, BENCH_COMPARE_JAVA_OPTS   either set: a second Junction ("compare": that jar,
#                                                default the same one, with those JVM options, default
#                                                Junction's collector options) is
#                                                measured in the same turns, for before/after ratios
#   BENCH_COMPARE_SERVE_ARGS                     extra `serve` options for the compare Junction (e.g.
#                                                "--transport epoll"); also starts it when set
#   BENCH_COMPARE_JAVA                           the java binary for the compare Junction (e.g.
#                                                /usr/lib/jvm/temurin-25-jdk-amd64/bin/java); also starts it
#   BENCH_COMPARE_ENV                            NAME=value words added to the compare Junction's environment
#                                                (e.g. "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"
#                                                to trace); also starts it
#   BENCH_LABEL                                  a word appended to the result file names
#   BENCH_PROXY_THREADS                          threads each proxy gets: Junction's --event-loops, nginx's
#                                                worker_processes, HAProxy's nbthread (default: half the
#                                                CPUs, at least 1: wrk and the backend share the machine)
#
# Everything runs on 127.0.0.1 on free ports, from configs generated into a temp dir; every process
# started here is stopped on exit. Results: bench/results/<date>-<quick|full>.md and .png.
set -euo pipefail

MODE=full
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument '$arg' (expected: --quick or nothing)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/paired.sh
source bench/paired.sh

# Junction runs on a JIT: its first seconds are several times slower than its steady state, so it
# gets a longer warm-up than the native proxies (whose warm-up only fills connection pools).
if [[ $MODE == quick ]]; then
  ROUNDS=${BENCH_ROUNDS:-1} DURATION=${BENCH_DURATION:-2} WARMUP=${BENCH_WARMUP:-1} JUNCTION_WARMUP=${BENCH_WARMUP:-2}
  SSE_EVENTS=60 SSE_ROUNDS=1 STREAM_TARGETS="junction"
else
  ROUNDS=${BENCH_ROUNDS:-10} DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-5} JUNCTION_WARMUP=${BENCH_WARMUP:-15}
  SSE_EVENTS=400 SSE_ROUNDS=3 STREAM_TARGETS="direct junction haproxy nginx"
fi
SCENARIOS=${BENCH_SCENARIOS:-get post cache sse stream}
THREADS=1
CONNECTIONS=64
PROXY_THREADS=${BENCH_PROXY_THREADS:-$(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))}
SSE_INTERVAL_MS=5
STREAM_BYTES=$((1024 * 1024 * 1024))
JAR=${BENCH_JAR:-target/junction.jar}
# The JVM advice for small machines (docs/running.md, "JVM options"): the serial collector on 2 CPUs or fewer.
if [[ ${JUNCTION_JAVA_OPTS:-} =~ -XX:\+Use[A-Za-z]*GC ]]; then
  GC_OPTS=""
else
  GC_OPTS=${BENCH_JUNCTION_GC-$( (($(nproc) <= 2)) && echo "-XX:+UseSerialGC" || true)}
fi

log() { printf '%s bench: %s\n' "$(date +%T)" "$*" >&2; }
has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# --- what the run needs ------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi
PATH=$PATH:/usr/sbin
command -v java >/dev/null 2>&1 || { echo "bench: java not found (expected: JDK 17+, apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

if [[ -z ${BENCH_JAR:-} ]] && { [[ ! -f $JAR ]] || [[ -n $(find src pom.xml -newer "$JAR" -type f -print -quit) ]]; }; then
  log "building $JAR"
  ./mvnw -B -q package -DskipTests
fi

# --- processes, ports, cleanup -----------------------------------------------------------------
TMP=$(mktemp -d /tmp/junction-bench.XXXXXX)
chmod 755 "$TMP"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  PIDS=()
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() { # pid: stop one process started here
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local keep=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# Below the kernel's ephemeral range where it leaves room: a listener cannot bind a port that an
# outgoing connection (wrk's, a proxy's to its backend) already uses as its own.
PORT_RANGE=20000-60999
if read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range && ((ephemeral_low > 21000)); then
  PORT_RANGE=20000-$((ephemeral_low - 1))
fi
# The ports handed out are kept in a file: free_port runs in a subshell ($(free_port)), where a
# variable would be forgotten, and two ports picked before either listens must still differ.
: >"$TMP/ports"
free_port() { # a port nothing listens on, not handed out before in this run
  local p
  while :; do
    p=$(shuf -i "$PORT_RANGE" -n 1)
    grep -qx "$p" "$TMP/ports" && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p" >>"$TMP/ports"
      echo "$p"
      return
    fi
  done
}

wait_port() { # port name [pid]: wait up to 30 s for a listener, as long as pid lives
  local i
  for ((i = 0; i < 300; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    [[ -n ${3:-} ]] && ! kill -0 "$3" 2>/dev/null && break
    sleep 0.1
  done
  log "$2 did not listen on port $1; its log:"
  tail -n 30 "$TMP/$2.log" >&2 || true
  exit 1
}

API_PORT=$(free_port) MISS_PORT=$(free_port) SSE_PORT=$(free_port)
JUNCTION_PORT=$(free_port) HAPROXY_PORT=$(free_port) NGINX_PORT=$(free_port) SMALL_PORT=$(free_port) COMPARE_PORT=$(free_port)
COMPARE=""
COMPARE_JAVA=${BENCH_COMPARE_JAVA:-java}
if [[ -n ${BENCH_COMPARE_JAR:-} || -n ${BENCH_COMPARE_JAVA_OPTS:-} || -n ${BENCH_COMPARE_SERVE_ARGS:-} || -n ${BENCH_COMPARE_JAVA:-} \
  || -n ${BENCH_COMPARE_ENV:-} ]]; then
  COMPARE=compare
  COMPARE_JAR=${BENCH_COMPARE_JAR:-$JAR}
  [[ -f $COMPARE_JAR ]] || { echo "bench: BENCH_COMPARE_JAR: $COMPARE_JAR (expected: a Junction jar)" >&2; exit 2; }
  "$COMPARE_JAVA" -version >/dev/null 2>&1 || { echo "bench: BENCH_COMPARE_JAVA: $COMPARE_JAVA (expected: a java binary)" >&2; exit 2; }
fi
export BENCH_API_PORT=$API_PORT BENCH_MISS_PORT=$MISS_PORT BENCH_SSE_PORT=$SSE_PORT

# --- configs -----------------------------------------------------------------------------------
NGINX_USER=""
[[ $EUID -eq 0 ]] && NGINX_USER="user $(id -un) $(id -gn);"
nginx_common="
pid $TMP/%s.pid;
$NGINX_USER
events { worker_connections 16384; }
"
nginx_http_common="
  access_log off;
  client_body_temp_path $TMP/nginx-body;
  proxy_temp_path $TMP/nginx-proxy;
  fastcgi_temp_path $TMP/nginx-fastcgi;
  uwsgi_temp_path $TMP/nginx-uwsgi;
  scgi_temp_path $TMP/nginx-scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
"

# The backend: nginx, one worker, a small JSON body for every path; /big is a 1 GiB (sparse) file.
# The "miss" server answers 404 to everything and logs, so that discovery can be counted.
truncate -s "$STREAM_BYTES" "$TMP/big.bin"
chmod 644 "$TMP/big.bin"
{
  printf "worker_processes 1;\n$nginx_common" backend
  cat <<EOF
http {
$nginx_http_common
  sendfile on;
  server {
    listen 127.0.0.1:$API_PORT backlog=4096;
    default_type application/json;
    location / { return 200 '{"id":"bench-1","object":"item","ok":true}'; }
    location = /big { default_type application/octet-stream; alias $TMP/big.bin; }
  }
  server {
    listen 127.0.0.1:$MISS_PORT;
    access_log $TMP/miss-access.log;
    default_type application/json;
    location / { return 404 '{"error":"not here"}'; }
  }
}
EOF
} >"$TMP/backend.conf"

# nginx as a reverse proxy: keep-alive upstreams, the same routes as bench/junction-bench.yaml.
# nginx cannot route on a request body, and has no discovery: /v1/embeddings is a static route.
{
  printf "worker_processes $PROXY_THREADS;\n$nginx_common" nginx
  cat <<EOF
http {
$nginx_http_common
  upstream api { server 127.0.0.1:$API_PORT; keepalive 128; keepalive_requests 100000000; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location = /api/items { proxy_pass http://api; }
    location = /v1/embeddings { proxy_pass http://api; }
    location = /big { proxy_pass http://api; proxy_buffering off; }
    location / { return 404; }
  }
}
EOF
} >"$TMP/nginx.conf"

# HAProxy: the body is buffered and json_query reads the model, as Junction's payload rule does.
cat >"$TMP/haproxy.cfg" <<EOF
global
  nbthread $PROXY_THREADS
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 5m
  timeout server 5m
  timeout http-keep-alive 5m
  option http-keep-alive
  option forwardfor
  http-reuse always
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  option http-buffer-request
  acl chat path /v1/chat/completions
  acl post method POST
  http-request set-var(txn.model) req.body,json_query('\$.model') if chat post
  use_backend miss if chat post { var(txn.model) -m beg gpt-4 }
  use_backend api if chat post { var(txn.model) -m str bench-large }
  use_backend api if { path /api/items } METH_GET
  use_backend api if { path /v1/embeddings } post
  use_backend api if { path /big } METH_GET
  default_backend none
backend none
  http-request deny deny_status 404
backend api
  server api 127.0.0.1:$API_PORT
backend miss
  server miss 127.0.0.1:$MISS_PORT
EOF

CHAT_BODY='{"model":"bench-large","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Name three prime numbers."}],"temperature":0.2,"max_tokens":32,"stream":false}'
EMBED_BODY='{"model":"bench-embed","input":"The quick brown fox jumps over the lazy dog","encoding_format":"float"}'
for s in chat:"$CHAT_BODY" embed:"$EMBED_BODY"; do
  cat >"$TMP/${s%%:*}.lua" <<EOF
wrk.method = "POST"
wrk.body = '${s#*:}'
wrk.headers["Content-Type"] = "application/json"
EOF
done

# --- start everything --------------------------------------------------------------------------
start_junction() { # name port jar [JVM options...]: starts one Junction in the background, sets LAST_PID
  local name=$1 port=$2 jar=$3 serve_args=() env_words=()
  shift 3
  local java=java
  if [[ $name == compare ]]; then
    read -r -a serve_args <<<"${BENCH_COMPARE_SERVE_ARGS:-}"
    read -r -a env_words <<<"${BENCH_COMPARE_ENV:-}"
    java=$COMPARE_JAVA
  fi
  # shellcheck disable=SC2086
  env "${env_words[@]}" "$java" "$@" -jar "$jar" serve --config bench/junction-bench.yaml \
    --listen "127.0.0.1:$port" --no-admin --event-loops "$PROXY_THREADS" "${serve_args[@]}" >"$TMP/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

nginx -e "$TMP/backend.log" -p "$TMP" -c "$TMP/backend.conf" -g 'daemon off;' >"$TMP/backend.log" 2>&1 &
BACKEND_PID=$!
PIDS+=("$BACKEND_PID")
nginx -e "$TMP/nginx.log" -p "$TMP" -c "$TMP/nginx.conf" -g 'daemon off;' >"$TMP/nginx.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
haproxy -db -f "$TMP/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")
# shellcheck disable=SC2086
start_junction junction "$JUNCTION_PORT" "$JAR" $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
JUNCTION_PID=$LAST_PID
if [[ -n $COMPARE ]]; then
  # shellcheck disable=SC2086
  start_junction compare "$COMPARE_PORT" "$COMPARE_JAR" ${BENCH_COMPARE_JAVA_OPTS-$GC_OPTS}
  COMPARE_PID=$LAST_PID
  wait_port "$COMPARE_PORT" compare "$COMPARE_PID"
fi
# A second Junction on a 64 MiB heap for the large stream, idle until then (started now so that
# both start-ups overlap).
if has stream; then
  # shellcheck disable=SC2086
  start_junction junction-small "$SMALL_PORT" "$JAR" -Xmx64m $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
  SMALL_PID=$LAST_PID
  wait_port "$SMALL_PORT" junction-small "$SMALL_PID"
fi
wait_port "$JUNCTION_PORT" junction "$JUNCTION_PID"
wait_port "$API_PORT" backend "$BACKEND_PID"
wait_port "$MISS_PORT" backend "$BACKEND_PID"
wait_port "$NGINX_PORT" nginx "$NGINX_PID"
wait_port "$HAPROXY_PORT" haproxy "$HAPROXY_PID"
# The transport is the last item of Junction's start-up line, with its receive-ring note where it has
# one. That line is logged just after the port opens, so it may take a moment to appear.
TRANSPORT=""
for _ in {1..50}; do
  TRANSPORT=$(sed -n 's/.*Junction listening on .*; transport \(.*\)$/transport \1/p' "$TMP/junction.log" | head -n 1)
  [[ -n $TRANSPORT ]] && break
  sleep 0.1
done
log "ports: backend $API_PORT (miss $MISS_PORT), junction $JUNCTION_PORT, haproxy $HAPROXY_PORT, nginx $NGINX_PORT; ${TRANSPORT:-transport not logged}"

url() { # target path
  case "$1" in
    direct) echo "http://127.0.0.1:$API_PORT$2" ;;
    junction) echo "http://127.0.0.1:$JUNCTION_PORT$2" ;;
    compare) echo "http://127.0.0.1:$COMPARE_PORT$2" ;;
    junction-small) echo "http://127.0.0.1:$SMALL_PORT$2" ;;
    haproxy) echo "http://127.0.0.1:$HAPROXY_PORT$2" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT$2" ;;
  esac
}

# Every route answers 200 through every proxy before anything is measured.
check() { # target path [body]
  local code
  if [[ -n ${3:-} ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$3" "$(url "$1" "$2")")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' "$(url "$1" "$2")")
  fi
  [[ $code == 200 ]] || { log "$1 $2 answered $code (expected: 200)"; tail -n 20 "$TMP/$1.log" >&2 || true; exit 1; }
}
for t in direct junction $COMPARE haproxy nginx; do check "$t" /api/items; check "$t" /v1/embeddings "$EMBED_BODY"; done
for t in direct junction $COMPARE haproxy; do check "$t" /v1/chat/completions "$CHAT_BODY"; done
# the one discovery: miss answered 404 once, api accepted and was remembered
DISCOVERIES=$(wc -l <"$TMP/miss-access.log")

# --- throughput: wrk against each target in turns ----------------------------------------------
RUNS=$TMP/runs.csv
: >"$RUNS"

to_ms() { awk -v v="$1" 'BEGIN {
  n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
  printf "%.3f", n }'; }

# The processes that serve a target: the proxy's (nginx: its workers), or the backend's for direct.
target_pids() {
  case "$1" in
    direct) pgrep -P "$BACKEND_PID" ;;
    junction) echo "$JUNCTION_PID" ;;
    compare) echo "$COMPARE_PID" ;;
    haproxy) echo "$HAPROXY_PID" ;;
    nginx) pgrep -P "$NGINX_PID" ;;
  esac
}

cpu_ticks() { # pids...: user + system clock ticks used so far by these processes, all threads
  local p t=0
  for p in "$@"; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

CLK_TCK=$(getconf CLK_TCK)
wrk_once() { # scenario target path seconds [script]: prints "rps p50_ms p99_ms bad cpu_us_per_request"
  local out=$TMP/wrk.out args=(-t"$THREADS" -c"$CONNECTIONS" -d"$4"s --latency) pids before after
  [[ -n ${5:-} ]] && args+=(-s "$TMP/$5.lua")
  mapfile -t pids < <(target_pids "$2")
  before=$(cpu_ticks "${pids[@]}")
  wrk "${args[@]}" "$(url "$2" "$3")" >"$out" 2>&1 || { log "wrk failed for $1/$2:"; cat "$out" >&2; exit 1; }
  after=$(cpu_ticks "${pids[@]}")
  local rps p50 p99 non2xx sockerr requests cpu
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out")
  sockerr=$(awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
  requests=$(awk '/requests in/ {print $1}' "$out")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  echo "$rps $p50 $p99 $((${non2xx:-0} + ${sockerr:-0})) $cpu"
}

# Warms one target up in runs of at most DURATION seconds: each opens its 64 connections anew, as
# every measured round does, so a JIT has compiled accepting and closing them too before round 1.
# (With one long warm-up run, Junction's first GET round had p99 1.4 to 2.2x HAProxy's in all four
# full runs checked, among its three worst rounds each time.)
warm_up() { # scenario target path seconds script
  local left=$4 s
  while ((left > 0)); do
    s=$((left < DURATION ? left : DURATION))
    wrk_once "$1" "$2" "$3" "$s" "$5" >/dev/null
    left=$((left - s))
  done
}

throughput() { # scenario path script targets...
  local scenario=$1 path=$2 script=$3 t r
  shift 3
  log "$scenario: warm-up ${WARMUP}s per target, ${JUNCTION_WARMUP}s for junction, in runs of at most ${DURATION}s"
  for t in "$@"; do
    warm_up "$scenario" "$t" "$path" "$([[ $t == junction || $t == compare ]] && echo "$JUNCTION_WARMUP" || echo "$WARMUP")" "$script"
  done
  local targets=("$@") n=$#
  for ((r = 1; r <= ROUNDS; r++)); do
    # Each round starts one target later (round 1: A B C, round 2: B C A...), so that over the
    # rounds every target runs in every position: none always follows the same neighbour.
    local order=() k
    for ((k = 0; k < n; k++)); do order+=("${targets[$(((r - 1 + k) % n))]}"); done
    # With a second Junction, every other round swaps the two, so that neither always runs first.
    if ((r % 2 == 0)) && [[ -n $COMPARE ]]; then order=("${order[@]/#junction/__swap}"); order=("${order[@]/#compare/junction}"); order=("${order[@]/#__swap/compare}"); fi
    for t in "${order[@]}"; do
      local res rps p50 p99 bad cpu
      res=$(wrk_once "$scenario" "$t" "$path" "$DURATION" "$script")
      read -r rps p50 p99 bad cpu <<<"$res"
      echo "$scenario,$t,$r,$rps,$p50,$p99,$bad,$cpu" >>"$RUNS"
      log "$scenario round $r $t: $rps rps, p50 $p50 ms, p99 $p99 ms, $cpu us CPU/request, $bad non-2xx/errors"
    done
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
has get && throughput get /api/items "" direct junction $COMPARE haproxy nginx
has post && throughput post /v1/chat/completions chat direct junction $COMPARE haproxy
if has cache; then
  throughput cache /v1/embeddings embed direct junction $COMPARE haproxy nginx
  DISCOVERIES_AFTER=$(wc -l <"$TMP/miss-access.log")
fi

# --- SSE: backend event to client, direct and through Junction ---------------------------------
SSE_LINES=""
SSE_FAILED=""
if has sse; then
  log "sse: $SSE_ROUNDS round(s) of $SSE_EVENTS events, ${SSE_INTERVAL_MS} ms apart"
  # A failed stream is reported in the results and fails the run at the end; it does not throw
  # away the scenarios measured before it.
  if ! SSE_LINES=$(java bench/SseLatency.java "$SSE_PORT" "$SSE_EVENTS" "$SSE_INTERVAL_MS" "$SSE_ROUNDS" \
    "direct=http://127.0.0.1:$SSE_PORT/events" "junction=$(url junction /events)" 2>"$TMP/sse.err"); then
    SSE_FAILED=$(grep -v '^sse backend:' "$TMP/sse.err" || true)
    SSE_FAILED=${SSE_FAILED:-$(cat "$TMP/sse.err")}
    log "sse FAILED:"
    sed 's/^/  /' "$TMP/sse.err" >&2
  fi
  echo "$SSE_LINES" | sed 's/^/  /' >&2
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- a large streamed response: Junction on a 64 MiB heap --------------------------------------
STREAM_ROWS=""
if has stream; then
  stop "$JUNCTION_PID"
  [[ -n $COMPARE ]] && stop "$COMPARE_PID"
  check junction-small /api/items
  rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$SMALL_PID/status")
  for t in $STREAM_TARGETS; do
    read -r code size secs < <(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
      "$(url "$([[ $t == junction ]] && echo junction-small || echo "$t")" /big)" || echo "000 0 0")
    verdict=ok
    [[ $code == 200 && $size == "$STREAM_BYTES" ]] || verdict="FAILED (status $code, $size bytes)"
    mibs=$(awk -v b="$size" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
    STREAM_ROWS+="$t $code $size $secs $mibs ${verdict// /_}"$'\n'
    log "stream $t: $verdict, $size bytes in $secs s ($mibs MiB/s)"
  done
  kill -0 "$SMALL_PID" 2>/dev/null || { log "junction (-Xmx64m) died during the stream"; exit 1; }
  RSS_PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$SMALL_PID/status")
  if grep -q OutOfMemoryError "$TMP/junction-small.log"; then STREAM_OOM=yes; else STREAM_OOM=no; fi
fi

# --- report ------------------------------------------------------------------------------------
mkdir -p bench/results
STAMP=$(date +%Y-%m-%dT%H%M)
NAME="$STAMP-$MODE${BENCH_LABEL:+-$BENCH_LABEL}"
MD=bench/results/$NAME.md
PNG=bench/results/$NAME.png

# Per scenario and target: the median over rounds of rps, p50 and p99.
SUMMARY=$TMP/summary.txt
awk -F, '
  { k = $1 SUBSEP $2; n[k]++; rps[k, n[k]] = $4; p50[k, n[k]] = $5; p99[k, n[k]] = $6; bad[k] += $7; cpu[k, n[k]] = $8
    if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
  function med(a, k, c,   i, j, t, v) {
    for (i = 1; i <= c; i++) v[i] = a[k, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
  END { for (i = 1; i <= m; i++) { k = order[i]; split(k, p, SUBSEP)
    printf "%s %s %.0f %.3f %.3f %d %.1f\n", p[1], p[2], med(rps, k, n[k]), med(p50, k, n[k]), med(p99, k, n[k]), bad[k], med(cpu, k, n[k]) } }
' "$RUNS" >"$SUMMARY"

# Per scenario and target, against HAProxy (and nginx) in the same round: bench/paired.sh.
PAIRED=$TMP/paired.txt
paired haproxy "$RUNS" >"$PAIRED"
PAIRED_NGINX=$TMP/paired-nginx.txt
paired nginx "$RUNS" >"$PAIRED_NGINX"

value() { awk -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t {print $c}' "$SUMMARY"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

chart_label() {
  case "$1" in
    get) echo "GET by path" ;;
    post) echo "POST by model" ;;
    cache) echo "POST, cache hit" ;;
  esac
}

jdk=$(java -version 2>&1 | sed -n '2p')
cpu=$(awk -F: '/model name/ {gsub(/^ +/, "", $2); print $2; exit}' /proc/cpuinfo)
{
  echo "# Junction benchmark, $MODE run, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "Only ratios from this one run are meaningful; absolute numbers move with the machine's load."
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| machine | $cpu, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr) |"
  echo "| load average | $LOAD_BEFORE before, $LOAD_AFTER after the throughput and SSE runs |"
  echo "| JDK | $jdk |"
  echo "| Junction | ${BENCH_JAR:+$BENCH_JAR, }$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+local changes'), ${TRANSPORT:-transport not logged}, JVM options: $(o="$GC_OPTS ${JUNCTION_JAVA_OPTS:-}"; o=${o# }; o=${o% }; echo "${o:-default}"), --event-loops $PROXY_THREADS |"
  [[ -n $COMPARE ]] && echo "| compare | a second Junction measured in the same turns: $COMPARE_JAR, ${BENCH_COMPARE_JAVA:+java: $("$COMPARE_JAVA" -version 2>&1 | sed -n 2p), }JVM options: $(o=${BENCH_COMPARE_JAVA_OPTS-$GC_OPTS}; echo "${o:-default}")${BENCH_COMPARE_SERVE_ARGS:+, serve options: $BENCH_COMPARE_SERVE_ARGS}${BENCH_COMPARE_ENV:+, environment: $BENCH_COMPARE_ENV} |"
  echo "| nginx | $(nginx -v 2>&1 | sed 's/.*version: //'), proxy: worker_processes $PROXY_THREADS, upstream keepalive 128; backend: 1 worker |"
  echo "| HAProxy | $(haproxy -v | head -n 1 | awk '{print $3}'), nbthread $PROXY_THREADS, http-reuse always, option http-buffer-request |"
  echo "| wrk | $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), -t$THREADS -c$CONNECTIONS, ${ROUNDS} round(s) of ${DURATION} s per target in turns, after a warm-up per scenario of ${WARMUP} s (Junction: ${JUNCTION_WARMUP} s) in runs of at most ${DURATION} s |"
  echo
  if [[ -s $SUMMARY ]]; then
    echo "## Throughput and latency (median of rounds)"
    echo
    echo "| scenario | target | requests/s | p50 ms | p99 ms | x direct | x HAProxy | CPU µs/request | non-2xx / errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for s in get post cache; do
      for t in direct junction $COMPARE haproxy nginx; do
        rps=$(value "$s" "$t" 3)
        if [[ -z $rps ]]; then
          [[ $s == post && $t == nginx ]] && has post && echo "| $(scenario_title "$s") | nginx | n/a | | | | | | nginx cannot route on a request body |"
          continue
        fi
        echo "| $(scenario_title "$s") | $t | $rps | $(value "$s" "$t" 4) | $(value "$s" "$t" 5) | $(ratio "$rps" "$(value "$s" direct 3)") | $(ratio "$rps" "$(value "$s" haproxy 3)") | $(value "$s" "$t" 7) | $(value "$s" "$t" 6) |"
      done
    done
    echo
    if [[ -s $PAIRED ]]; then
      echo "## Against HAProxy, round by round"
      echo
      echo "Each round runs every target seconds apart, so the ratio within a round is steadier than the"
      echo "ratio of medians above when the machine's speed drifts between rounds."
      echo
      paired_table HAProxy <"$PAIRED"
      echo
    fi
    if [[ -s $PAIRED_NGINX ]]; then
      echo "## Against nginx, round by round"
      echo
      echo "The same reading against nginx, in the scenarios nginx can serve."
      echo
      paired_table nginx <"$PAIRED_NGINX"
      echo
    fi
    if has cache; then
      echo "Decision cache: the miss backend saw $DISCOVERIES request(s) before the cache runs and $DISCOVERIES_AFTER after"
      echo "them, so every measured Junction request of that scenario was a cache hit. HAProxy and nginx route"
      echo "\`/v1/embeddings\` statically (they have no discovery): the comparison shows what the cache costs"
      echo "against a fixed route."
      echo
    fi
  fi
  if [[ -n $SSE_FAILED ]]; then
    echo "## Server-sent events: FAILED"
    echo
    echo '```'
    echo "$SSE_FAILED"
    echo '```'
    echo
  fi
  if [[ -n $SSE_LINES && -z $SSE_FAILED ]]; then
    echo "## Server-sent events: backend write to client read"
    echo
    echo "| path | events | p50 ms | p90 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "$SSE_LINES" | awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "| %s | %s | %.3f | %.3f | %.3f | %.3f |\n", $2, v["n"], v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, v["max_us"] / 1000 }'
    SSE_DELTA=$(echo "$SSE_LINES" | awk '$2 == "direct" { for (i = 3; i <= NF; i++) if ($i ~ /^p50_us=/) { sub(/p50_us=/, "", $i); d = $i } }
      $2 == "junction" { for (i = 3; i <= NF; i++) if ($i ~ /^p50_us=/) { sub(/p50_us=/, "", $i); j = $i } }
      END { printf "%.3f", (j - d) / 1000 }')
    echo
    echo "Junction adds $SSE_DELTA ms to the median ($SSE_ROUNDS stream(s) of $SSE_EVENTS events each, ${SSE_INTERVAL_MS} ms apart; the first tenth of each stream is not counted)."
    echo
  fi
  if [[ -n $STREAM_ROWS ]]; then
    echo "## 1 GiB streamed response, Junction with \`-Xmx64m\`"
    echo
    echo "| target | status | bytes | seconds | MiB/s | result |"
    echo "|---|---:|---:|---:|---:|---|"
    echo -n "$STREAM_ROWS" | awk '{ gsub(/_/, " ", $6); printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
    echo
    echo "Junction's resident memory: $((rss_start / 1024)) MiB after start-up, peak $((RSS_PEAK / 1024)) MiB (VmHWM) after the streams above; OutOfMemoryError in its log: $STREAM_OOM."
    echo
  fi
  if [[ -s $RUNS ]]; then
    echo "<details><summary>Every round</summary>"
    echo
    echo "| scenario | target | round | requests/s | p50 ms | p99 ms | CPU µs/request | non-2xx / errors |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $8, $7 }' "$RUNS"
    echo
    echo "</details>"
  fi
} >"$MD"

# The chart: throughput relative to direct, and p99, per scenario.
if [[ -s $SUMMARY ]]; then
  DAT=$TMP/chart.dat
  {
    for s in get post cache; do
      [[ -n $(value "$s" direct 3) ]] || continue
      row="\"$(chart_label "$s")\""
      for t in direct junction haproxy nginx; do row+=" $(ratio "$(value "$s" "$t" 3)" "$(value "$s" direct 3)")"; done
      for t in direct junction haproxy nginx; do v=$(value "$s" "$t" 5); row+=" ${v:-NaN}"; done
      echo "${row//n\/a/NaN}"
    done
  } >"$DAT"
  gnuplot <<EOF
set terminal pngcairo size 1100,560 font "sans,10"
set output "$PNG"
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key outside bottom center horizontal
set grid ytics
set multiplot layout 1,2 title "Junction vs HAProxy vs nginx, $MODE run $STAMP (wrk -t$THREADS -c$CONNECTIONS; only ratios within this run compare)"
set title "Throughput, x direct (higher is better)"
set yrange [0:1.1]
plot "$DAT" using 2:xtic(1) title "direct" lc rgb "#999999", '' using 3 title "Junction" lc rgb "#1f77b4", '' using 4 title "HAProxy" lc rgb "#2ca02c", '' using 5 title "nginx" lc rgb "#ff7f0e"
set title "p99 latency, ms (lower is better)"
set yrange [0:*]
plot "$DAT" using 6:xtic(1) title "direct" lc rgb "#999999", '' using 7 title "Junction" lc rgb "#1f77b4", '' using 8 title "HAProxy" lc rgb "#2ca02c", '' using 9 title "nginx" lc rgb "#ff7f0e"
unset multiplot
EOF
fi

log "results: $MD$([[ -f $PNG ]] && echo " and $PNG")"
cat "$MD"
[[ -z $SSE_FAILED ]] || { log "the SSE step failed (see the results)"; exit 1; }
