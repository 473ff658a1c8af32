#!/usr/bin/env bash
# Junction side by side with nginx and HAProxy, in one sitting. See docs/benchmarks.md.
#
#   bench/run.sh            full run (about an hour with every scenario; 12 minutes for the first
#                           five): 10 rounds of 4 s per target and scenario
#   bench/run.sh --quick    under two minutes for every scenario: 1 round of 1 s, no warm-up (a smoke
#                           test of the harness, not figures: Junction runs with its JIT cold, so its
#                           ratios are far below its steady state)
#
# Scenarios (BENCH_SCENARIOS, default all, run in this order):
#   get post cache           GET by path, POST by JSON model, POST decision-cache hit (wrk -c64)
#   tls-keep tls-close       TLS 1.3 termination: wrk over https, keep-alive -c64 / Connection: close -c16
#   h2c h2                   HTTP/2: h2load -c16 -m32, cleartext prior knowledge / TLS with ALPN
#   body16k body256k body1m  POST /v1/chat/completions with a chat body of that size, model last:
#                            Junction by payload rule and by decision cache, HAProxy, direct
#   defaults                 Junction with no options at all vs HAProxy at its defaults doing the same work
#   openloop                 fixed-rate load (bench/OpenLoop.java) at 50% and 80% of HAProxy's peak: p99, p99.9
#   conns                    1,000 and 10,000 keep-alive connections (wrk), and memory per idle connection
#   startup                  process start to the first proxied 200; `junction config check`
#   sse stream               SSE event latency; a 1 GiB response through Junction on -Xmx64m
#
# Environment (all optional):
#   BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP   override the mode's rounds / seconds per run / warm-up seconds
#   BENCH_SCENARIOS                              a subset of the scenarios above (default: all)
#   BENCH_JAR                                    the Junction jar (default target/junction.jar, rebuilt
#                                                when older than the sources)
#   JUNCTION_JAVA_OPTS                           extra JVM options for Junction (e.g. a JFR recording;
#                                                not for the defaults and startup scenarios)
#   BENCH_DEFAULTS_JAVA_OPTS                     JUNCTION_JAVA_OPTS for the defaults and startup Junctions
#                                                alone, read by the launcher (e.g. a profiler agent)
#   BENCH_JUNCTION_GC                            Junction's collector options (default: -XX:+UseSerialGC on 2
#                                                CPUs or fewer, as docs/running.md ("JVM options") recommends, else none; set it
#                                                empty for the JVM's default, G1); left out when
#                                                JUNCTION_JAVA_OPTS names a collector
#   BENCH_COMPARE_JAR, BENCH_COMPARE_JAVA_OPTS   either set: a second Junction ("compare": that jar,
#                                                default the same one, with those JVM options, default
#                                                Junction's collector options) is
#                                                measured in the same turns, for before/after ratios
#                                                (get, post and cache only)
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
#                                                CPUs, at least 1: wrk and the backend share the machine);
#                                                every scenario but defaults and startup
#   BENCH_OPENLOOP_RATES                         openloop's rates, in percent of HAProxy's peak (default "50 80")
#   BENCH_OPENLOOP_CONNECTIONS                   openloop's keep-alive connections (default 64)
#   BENCH_CONNS                                  conns' connection counts (default "1000 10000")
#   BENCH_CONNS_BACKLOG                          the listen backlog of every proxy in conns (default 4096,
#                                                Linux's net.core.somaxconn since 5.4)
#   BENCH_CONNS_DURATION                         seconds per conns run (default twice BENCH_DURATION; quick:
#                                                2 from 5,000 connections on, else 1)
#   BENCH_STARTUP_RUNS                           start-ups per target (default 5, quick 1)
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
  ROUNDS=${BENCH_ROUNDS:-1} DURATION=${BENCH_DURATION:-1} WARMUP=${BENCH_WARMUP:-0} JUNCTION_WARMUP=${BENCH_WARMUP:-0}
  SSE_EVENTS=60 SSE_ROUNDS=1 STREAM_TARGETS="junction"
  STARTUP_RUNS=${BENCH_STARTUP_RUNS:-1} OPENLOOP_SECONDS=0.4 OPENLOOP_WARMUP=0.1
else
  ROUNDS=${BENCH_ROUNDS:-10} DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-5} JUNCTION_WARMUP=${BENCH_WARMUP:-15}
  SSE_EVENTS=400 SSE_ROUNDS=3 STREAM_TARGETS="direct junction haproxy nginx"
  STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5} OPENLOOP_SECONDS=$DURATION OPENLOOP_WARMUP=1
fi
ALL_SCENARIOS="get post cache tls-keep tls-close h2c h2 body16k body256k body1m defaults openloop conns startup sse stream"
SCENARIOS=${BENCH_SCENARIOS:-$ALL_SCENARIOS}
for s in $SCENARIOS; do
  [[ " $ALL_SCENARIOS " == *" $s "* ]] || { echo "bench: unknown scenario '$s' in BENCH_SCENARIOS (expected some of: $ALL_SCENARIOS)" >&2; exit 2; }
done
OPENLOOP_RATES=${BENCH_OPENLOOP_RATES:-50 80}
OPENLOOP_CONNECTIONS=${BENCH_OPENLOOP_CONNECTIONS:-64}
CONNS=${BENCH_CONNS:-1000 10000}
CONNS_BACKLOG=${BENCH_CONNS_BACKLOG:-4096}
CONNS_DURATION=${BENCH_CONNS_DURATION:-$((2 * DURATION))}
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
has_any() { local s; for s in "$@"; do has "$s" && return 0; done; return 1; }
SKIPPED=""
skip() { # reason scenario...: drops these scenarios from the run, says so now and in the results
  local reason=$1 s keep=""
  shift
  for s in $SCENARIOS; do [[ " $* " == *" $s "* ]] || keep+="$s "; done
  SCENARIOS=$keep
  log "SKIPPED $*: $reason"
  SKIPPED+="- $*: $reason"$'\n'
}

# --- what the run needs ------------------------------------------------------------------------
install_packages() { # package...: apt-get install, as root or through sudo (as ./test does); fails without either
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    sudo=(sudo -n)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
command -v gnuplot >/dev/null 2>&1 || missing+=(gnuplot-nox)
command -v curl >/dev/null 2>&1 || missing+=(curl)
has_any tls-keep tls-close h2c h2 && ! command -v openssl >/dev/null 2>&1 && missing+=(openssl)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  install_packages "${missing[@]}" || { echo "bench: could not install ${missing[*]} (needs root or sudo; apt-get install ${missing[*]})" >&2; exit 1; }
fi
PATH=$PATH:/usr/sbin
command -v java >/dev/null 2>&1 || { echo "bench: java not found (expected: JDK 17+, apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
if has_any h2c h2 && ! command -v h2load >/dev/null 2>&1; then
  log "installing nghttp2-client (h2load)"
  install_packages nghttp2-client || true
  command -v h2load >/dev/null 2>&1 || skip "h2load not found, and nghttp2-client could not be installed (needs root or sudo)" h2c h2
fi
if has_any openloop conns; then
  command -v javac >/dev/null 2>&1 || skip "javac not found (bench/OpenLoop.java is compiled once per run; expected: a JDK)" openloop conns
fi

# conns: a proxy needs a descriptor per client connection and one per backend connection (HAProxy
# counts two per connection whatever it does); wrk and the backend one each. Raised where allowed;
# where not, a count that does not fit runs as the largest one that does, and the results say so.
if has conns; then
  max_conns=0
  for n in $CONNS; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_CONNS: '$n' (expected: connection counts)" >&2; exit 2; }
    ((n > max_conns)) && max_conns=$n
  done
  if (($(ulimit -n) < 2 * max_conns + 4096)); then ulimit -n $((2 * max_conns + 4096)) 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true; fi
  fit="" max_conns=0
  for n in $CONNS; do
    # 1,000 to spare: with 9,800 of 20,000, nginx ran out of connection slots and closed idle
    # keep-alive connections (its "worker_connections are not enough" warning), which wrk saw as
    # read errors.
    if ((2 * n + 1000 > $(ulimit -n))); then
      # shellcheck disable=SC2017 # rounded down to hundreds on purpose
      m=$((($(ulimit -n) - 1000) / 200 * 100))
      log "conns: $n connections need $((2 * n + 1000)) descriptors per proxy; ulimit -n is $(ulimit -n) and cannot be raised here: $m instead"
      SKIPPED+="- conns $n: ran $m instead (ulimit -n $(ulimit -n), which only root with CAP_SYS_RESOURCE can raise; a proxy needs two per connection)"$'\n'
      n=$m
    fi
    ((n > 0)) && [[ " $fit " != *" $n "* ]] && fit+="$n "
    ((n > max_conns)) && max_conns=$n
  done
  CONNS=${fit% }
  [[ -n $CONNS ]] || skip "no connection count fits ulimit -n $(ulimit -n)" conns
fi

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
    pkill -P "$p" -x java 2>/dev/null || true # the JVM of a launcher script that did not exec it
    kill "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  PIDS=()
  [[ -z $SOMAXCONN_RESTORE ]] || sysctl -qw "net.core.somaxconn=$SOMAXCONN_RESTORE" 2>/dev/null || true
  rm -rf "$TMP"
}
SOMAXCONN_RESTORE=""
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
events { worker_connections %s; }
"
# The upstream and proxy lines of every nginx proxy config here: $1 the backend's port, $2 its
# idle keep-alive connections.
nginx_proxy_common() {
  cat <<EOF
  upstream api { server 127.0.0.1:$1; keepalive $2; keepalive_requests 100000000; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
EOF
}
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
  printf "worker_processes 1;\n$nginx_common" backend 16384
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
  printf "worker_processes $PROXY_THREADS;\n$nginx_common" nginx 16384
  cat <<EOF
http {
$nginx_http_common
$(nginx_proxy_common "$API_PORT" 128)
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

# The global and defaults sections every HAProxy config here shares: $1 is maxconn, $2 more global
# lines (may be empty), $3 more defaults lines.
haproxy_common() {
  printf 'global\n  nbthread %s\n  maxconn %s\n' "$PROXY_THREADS" "$1"
  [[ -z ${2:-} ]] || printf '%s\n' "$2"
  printf 'defaults\n  mode http\n'
  [[ -z ${3:-} ]] || printf '%s\n' "$3"
  cat <<'EOF'
  timeout connect 5s
  timeout client 5m
  timeout server 5m
  timeout http-keep-alive 5m
  option http-keep-alive
  option forwardfor
  http-reuse always
EOF
}

# HAProxy: the body is buffered and json_query reads the model, as Junction's payload rule does.
{
  haproxy_common 4096
  cat <<EOF
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
} >"$TMP/haproxy.cfg"

CHAT_BODY='{"model":"bench-large","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Name three prime numbers."}],"temperature":0.2,"max_tokens":32,"stream":false}'
EMBED_BODY='{"model":"bench-embed","input":"The quick brown fox jumps over the lazy dog","encoding_format":"float"}'
for s in chat:"$CHAT_BODY" embed:"$EMBED_BODY"; do
  cat >"$TMP/${s%%:*}.lua" <<EOF
wrk.method = "POST"
wrk.body = '${s#*:}'
wrk.headers["Content-Type"] = "application/json"
EOF
done

# --- configs of the scenarios after cache ------------------------------------------------------
# Each scenario gets its own proxies, so that the configs of get, post and cache stay as they were.
J_TLS_PORT=$(free_port) J_H2C_PORT=$(free_port) H_TLS_PORT=$(free_port) H_H2C_PORT=$(free_port) N_TLS_PORT=$(free_port) N_H2C_PORT=$(free_port)
J_CACHE_PORT=$(free_port) H_BODY_PORT=$(free_port)
J_DEF_PORT=$(free_port) J_DEF_ADMIN_PORT=$(free_port) H_DEF_PORT=$(free_port) H_MIN_PORT=$(free_port)
J_CONNS_PORT=$(free_port) H_CONNS_PORT=$(free_port) N_CONNS_PORT=$(free_port)
declare -A CONNS_BACKEND_PORT=([direct]=$(free_port) [junction]=$(free_port) [haproxy]=$(free_port) [nginx]=$(free_port))
J_START_PORT=$(free_port) J_START_ADMIN_PORT=$(free_port) H_START_PORT=$(free_port) N_START_PORT=$(free_port)

# Junction "as users run it" (defaults, startup): the distribution's launcher when one was built,
# else the jar with no JVM option at all. The launcher reads JUNCTION_JAVA_OPTS: not the bench's
# (BENCH_DEFAULTS_JAVA_OPTS is theirs, e.g. to load a profiler through the launcher).
defaults_env=(-u JUNCTION_JAVA_OPTS)
[[ -n ${BENCH_DEFAULTS_JAVA_OPTS:-} ]] && defaults_env=("JUNCTION_JAVA_OPTS=$BENCH_DEFAULTS_JAVA_OPTS")
JUNCTION_CMD=(env "${defaults_env[@]}" java -jar "$JAR")
DIST=""
if [[ -z ${BENCH_JAR:-} ]] && has_any defaults startup; then
  DIST=$(find target -maxdepth 1 -name 'junction-*.tar.gz' -print -quit 2>/dev/null || true)
  if [[ -n $DIST ]]; then
    mkdir -p "$TMP/dist"
    tar -xzf "$DIST" -C "$TMP/dist"
    launcher=$(find "$TMP/dist" -path '*/bin/junction' -type f -print -quit)
    [[ -n $launcher ]] || { echo "bench: $DIST has no bin/junction (expected: the distribution's launcher)" >&2; exit 1; }
    JUNCTION_CMD=(env "${defaults_env[@]}" "$launcher")
  fi
fi

# One self-signed P-256 certificate for every TLS listener (tls-keep, tls-close, h2).
if has_any tls-keep tls-close h2c h2; then
  mkdir -p "$TMP/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/tls/key.pem" -out "$TMP/tls/cert.pem" 2>"$TMP/openssl.log" \
    || { log "openssl could not make a certificate:"; cat "$TMP/openssl.log" >&2; exit 1; }
  cat "$TMP/tls/cert.pem" "$TMP/tls/key.pem" >"$TMP/tls/combined.pem"
fi

# Junction: a listener per kind (the listener is the config's), the items route only.
junction_simple() { # listen-yaml [proxy-yaml]
  cat <<EOF
junction:
  listen: $1
  admin: {enabled: false}
  access_log: {enabled: false}
  cache: {store: memory}
  ${2:+proxy: $2}
  backends:
    api: http://127.0.0.1:$API_PORT
  routes:
    - {id: items, path: /api/items, methods: [GET], backend: api}
EOF
}
junction_simple "{host: 127.0.0.1, port: $J_TLS_PORT, tls: {cert: $TMP/tls/cert.pem, key: $TMP/tls/key.pem}}" >"$TMP/junction-tls.yaml"
junction_simple "{host: 127.0.0.1, port: $J_H2C_PORT, http2: true}" >"$TMP/junction-h2c.yaml"
# conns: the pool may hold a backend connection per client connection (beyond the pool, max_waiting_per_backend 1024
# requests wait and the rest get 503 at once), on its own backend (below).
has conns && API_PORT=${CONNS_BACKEND_PORT[junction]} junction_simple "{host: 127.0.0.1, port: $J_CONNS_PORT, backlog: $CONNS_BACKLOG}" "{max_connections_per_backend: $max_conns}" >"$TMP/junction-conns.yaml"
# body*, (b): no rule on the chat path; discovery (miss 404, then api) once per model, then the
# decision cache, keyed on /model alone. (a) is the main Junction's payload rules.
cat >"$TMP/junction-cache.yaml" <<EOF
junction:
  listen: 127.0.0.1:$J_CACHE_PORT
  admin: {enabled: false}
  access_log: {enabled: false}
  backends:
    miss: http://127.0.0.1:$MISS_PORT
    api: http://127.0.0.1:$API_PORT
  cache:
    store: memory
    key_fields:
      /v1/chat/completions: [/model]
  discovery:
    candidates: [miss, api]
EOF
# defaults and startup: only what must be said (where to listen, the backends, the routes of get
# and post); the admin listener stays on, on a free port instead of 8001.
junction_defaults() { # port admin-port
  cat <<EOF
junction:
  listen: 127.0.0.1:$1
  admin: {listen: 127.0.0.1:$2}
  backends:
    miss: http://127.0.0.1:$MISS_PORT
    api: http://127.0.0.1:$API_PORT
  routes:
    - {id: items, path: /api/items, methods: [GET], backend: api}
    - {id: chat-gpt4, path: /v1/chat/completions, methods: [POST], payload: [{/model: {glob: "gpt-4*"}}], backend: miss}
    - {id: chat-bench, path: /v1/chat/completions, methods: [POST], payload: [{/model: bench-large}], backend: api}
EOF
}
mkdir -p "$TMP/defaults" "$TMP/startup"
junction_defaults "$J_DEF_PORT" "$J_DEF_ADMIN_PORT" >"$TMP/defaults/junction.yaml"
junction_defaults "$J_START_PORT" "$J_START_ADMIN_PORT" >"$TMP/startup/junction.yaml"

# HAProxy and nginx with TLS (h2 and http/1.1 by ALPN, TLS 1.3 only) and with h2c (prior knowledge).
{
  haproxy_common 4096
  cat <<EOF
frontend tls
  bind 127.0.0.1:$H_TLS_PORT ssl crt $TMP/tls/combined.pem alpn h2,http/1.1 ssl-min-ver TLSv1.3
  use_backend api if { path /api/items } METH_GET
  default_backend none
frontend h2c
  bind 127.0.0.1:$H_H2C_PORT proto h2
  use_backend api if { path /api/items } METH_GET
  default_backend none
backend none
  http-request deny deny_status 404
backend api
  server api 127.0.0.1:$API_PORT
EOF
} >"$TMP/haproxy-edge.cfg"
nginx_version=$(nginx -v 2>&1 | sed 's/.*nginx\///; s/ .*//')
# `http2 on` came with nginx 1.25.1; before it, http2 is a parameter of listen.
if [[ $(printf '%s\n1.25.1\n' "$nginx_version" | sort -V | head -n 1) == 1.25.1 ]]; then
  NGINX_H2_LISTEN="" NGINX_H2_ON="http2 on;"
else
  NGINX_H2_LISTEN=" http2" NGINX_H2_ON=""
fi
{
  # shellcheck disable=SC2059 # nginx_common is a format, as above
  printf "worker_processes $PROXY_THREADS;\n$nginx_common" nginx-edge 16384
  cat <<EOF
http {
$nginx_http_common
$(nginx_proxy_common "$API_PORT" 128)
  server {
    listen 127.0.0.1:$N_TLS_PORT ssl$NGINX_H2_LISTEN backlog=4096;
    $NGINX_H2_ON
    ssl_certificate $TMP/tls/cert.pem;
    ssl_certificate_key $TMP/tls/key.pem;
    ssl_protocols TLSv1.3;
    location = /api/items { proxy_pass http://api; }
    location / { return 404; }
  }
  server {
    listen 127.0.0.1:$N_H2C_PORT$NGINX_H2_LISTEN backlog=4096;
    $NGINX_H2_ON
    location = /api/items { proxy_pass http://api; }
    location / { return 404; }
  }
}
EOF
} >"$TMP/nginx-edge.conf"

# body*: HAProxy as for post, with buffers large enough for the whole body (it routes on
# json_query of the buffered body; a body larger than its buffer would go unread): Junction's
# max_buffered_body (1 MiB, its default) plus 64 KiB for the head.
HAPROXY_BODY_BUFSIZE=$((1024 * 1024 + 64 * 1024))
{
  haproxy_common 4096 "  tune.bufsize $HAPROXY_BODY_BUFSIZE"
  cat <<EOF
frontend body
  bind 127.0.0.1:$H_BODY_PORT
  option http-buffer-request
  acl chat path /v1/chat/completions
  http-request set-var(txn.model) req.body,json_query('\$.model') if chat METH_POST
  use_backend miss if chat METH_POST { var(txn.model) -m beg gpt-4 }
  use_backend api if chat METH_POST { var(txn.model) -m str bench-large }
  default_backend none
backend none
  http-request deny deny_status 404
backend api
  server api 127.0.0.1:$API_PORT
backend miss
  server miss 127.0.0.1:$MISS_PORT
EOF
} >"$TMP/haproxy-body.cfg"

# defaults and startup: HAProxy at its own defaults (no nbthread: one thread per CPU; no maxconn,
# no reuse or keep-alive settings), the routes of get and post. "work" adds what Junction does to
# every request by default: X-Forwarded-For/-Proto/-Host, Via both ways, an X-Request-Id made when
# the client sent none and returned on the answer. "minimal" adds nothing.
haproxy_defaults() { # port work|minimal
  cat <<EOF
defaults
  mode http
  timeout connect 5s
  timeout client 5m
  timeout server 5m
frontend defaults
  bind 127.0.0.1:$1
  option http-buffer-request
EOF
  [[ $2 == work ]] && cat <<EOF
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request add-header Via "1.1 haproxy"
  http-request set-header X-Request-Id %[uuid] unless { req.hdr(x-request-id) -m found }
  http-request set-var(txn.request_id) req.hdr(x-request-id)
  http-response set-header X-Request-Id %[var(txn.request_id)]
  http-response add-header Via "1.1 haproxy"
EOF
  cat <<EOF
  acl chat path /v1/chat/completions
  http-request set-var(txn.model) req.body,json_query('\$.model') if chat METH_POST
  use_backend miss if chat METH_POST { var(txn.model) -m beg gpt-4 }
  use_backend api if chat METH_POST { var(txn.model) -m str bench-large }
  use_backend api if { path /api/items } METH_GET
  default_backend none
backend none
  http-request deny deny_status 404
backend api
  server api 127.0.0.1:$API_PORT
backend miss
  server miss 127.0.0.1:$MISS_PORT
EOF
}
haproxy_defaults "$H_DEF_PORT" work >"$TMP/defaults/haproxy.cfg"
haproxy_defaults "$H_MIN_PORT" minimal >"$TMP/defaults/haproxy-min.cfg"
haproxy_defaults "$H_START_PORT" minimal >"$TMP/startup/haproxy.cfg"
# nginx at its defaults (one worker process): a proxy of /api/items.
cat >"$TMP/startup/nginx.conf" <<EOF
pid $TMP/startup/nginx.pid;
$NGINX_USER
events { }
http {
  access_log off;
  client_body_temp_path $TMP/startup/body;
  proxy_temp_path $TMP/startup/proxy;
  fastcgi_temp_path $TMP/startup/fastcgi;
  uwsgi_temp_path $TMP/startup/uwsgi;
  scgi_temp_path $TMP/startup/scgi;
  server {
    listen 127.0.0.1:$N_START_PORT;
    location = /api/items { proxy_pass http://127.0.0.1:$API_PORT; }
  }
}
EOF

# conns: room for every connection twice (client and backend side) in each proxy, and the same
# listen backlog for all (Junction's listen.backlog). Each target gets
# a backend of its own (one nginx worker, as the main one's): a burst of N requests makes a proxy
# open up to N backend connections and keep them pooled, and one process's descriptors would not
# hold every proxy's pool and direct's N.
if has conns; then
  for t in direct junction haproxy nginx; do
    {
      # shellcheck disable=SC2059 # nginx_common is a format, as above
      printf "worker_processes 1;\n$nginx_common" "backend-conns-$t" $((2 * max_conns + 256))
      cat <<EOF
http {
$nginx_http_common
  server {
    listen 127.0.0.1:${CONNS_BACKEND_PORT[$t]} backlog=$CONNS_BACKLOG;
    default_type application/json;
    location / { return 200 '{"id":"bench-1","object":"item","ok":true}'; }
  }
}
EOF
    } >"$TMP/backend-conns-$t.conf"
  done
  {
    haproxy_common $((max_conns + 64)) "" "  maxconn $((max_conns + 64))"
    cat <<EOF
frontend conns
  bind 127.0.0.1:$H_CONNS_PORT backlog $CONNS_BACKLOG
  use_backend api if { path /api/items } METH_GET
  default_backend none
backend none
  http-request deny deny_status 404
backend api
  server api 127.0.0.1:${CONNS_BACKEND_PORT[haproxy]}
EOF
  } >"$TMP/haproxy-conns.cfg"
  {
    # shellcheck disable=SC2059 # nginx_common is a format, as above
    printf "worker_processes $PROXY_THREADS;\nworker_rlimit_nofile %s;\n$nginx_common" "$(ulimit -n)" nginx-conns $(($(ulimit -n) - 64))
    cat <<EOF
http {
$nginx_http_common
$(nginx_proxy_common "${CONNS_BACKEND_PORT[nginx]}" "$max_conns")
  server {
    listen 127.0.0.1:$N_CONNS_PORT backlog=$CONNS_BACKLOG;
    location = /api/items { proxy_pass http://api; }
    location / { return 404; }
  }
}
EOF
  } >"$TMP/nginx-conns.conf"
  somaxconn=$(sysctl -n net.core.somaxconn 2>/dev/null || echo 0)
  if ((CONNS_BACKLOG > somaxconn)); then
    if sysctl -qw "net.core.somaxconn=$CONNS_BACKLOG" 2>/dev/null; then
      SOMAXCONN_RESTORE=$somaxconn
    else
      log "conns: net.core.somaxconn is $somaxconn and cannot be raised here: every backlog is $somaxconn at most"
    fi
  fi
fi

# body*: OpenAI-style chat bodies of 16 KiB, 256 KiB and 1,000,000 bytes (below Junction's default
# max_buffered_body, 1 MiB), ordered as the Python SDK writes them: `messages` first, `model` last.
chat_body() { # bytes: a chat conversation of exactly that many bytes, model last
  awk -v size="$1" 'BEGIN {
    para = "The quarterly report shows revenue up 4% on the year, with costs flat; the board asks for a summary of risks.\\n"
    srand(1); block = ""; while (length(block) < 8000) block = block para
    head = "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant. Answer briefly.\"}"
    tail = "],\"model\":\"bench-large\"}"
    out = head; len = length(head) + length(tail); role = "user"
    while (len < size) {
      pre = ",{\"role\":\"" role "\",\"content\":\""; post = "\"}"
      room = size - len - length(pre) - length(post)
      n = room > 4200 ? 3000 + int(rand() * 1000) : room
      if (n < 0) n = 0
      c = substr(block, 1, n)
      if (substr(c, n, 1) == "\\") c = substr(c, 1, n - 1) " "
      out = out pre c post; len += length(pre) + n + length(post)
      role = role == "user" ? "assistant" : "user"
    }
    printf "%s%s", out, tail }'
}
BODY_SIZES="body16k:16384 body256k:262144 body1m:1000000"
for b in $BODY_SIZES; do
  has "${b%%:*}" || continue
  chat_body "${b#*:}" >"$TMP/${b%%:*}.json"
  [[ $(wc -c <"$TMP/${b%%:*}.json") == "${b#*:}" ]] || { log "the ${b%%:*} body is $(wc -c <"$TMP/${b%%:*}.json") bytes (expected: ${b#*:})"; exit 1; }
  cat >"$TMP/${b%%:*}.lua" <<EOF
local f = assert(io.open("$TMP/${b%%:*}.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
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
  # The compare Junction's own --event-loops, when its serve options give one, replaces the default.
  local loops=(--event-loops "$PROXY_THREADS")
  [[ " ${serve_args[*]} " == *" --event-loops "* ]] && loops=()
  # shellcheck disable=SC2086
  env "${env_words[@]}" "$java" "$@" -jar "$jar" serve --config bench/junction-bench.yaml \
    --listen "127.0.0.1:$port" --no-admin "${loops[@]}" "${serve_args[@]}" >"$TMP/$name.log" 2>&1 &
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
# The proxies of the later scenarios, started now too (Junction's start-ups overlap); each is idle
# until its scenario.
start_bg() { # name command...: starts it in the background, output to $TMP/name.log, sets LAST_PID
  local name=$1
  shift
  "$@" >"$TMP/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}
start_junction_at() { # name config [JVM options...]: a Junction on its own config (its port is there)
  local name=$1 config=$2
  shift 2
  start_bg "$name" java "$@" -jar "$JAR" serve --config "$config" --no-admin --event-loops "$PROXY_THREADS"
}
start_nginx() { # name config
  start_bg "$1" nginx -e "$TMP/$1.log" -p "$TMP" -c "$2" -g 'daemon off;'
}
LATER=() # name port pid, for wait_port
if has_any tls-keep tls-close h2; then
  # shellcheck disable=SC2086
  start_junction_at junction-tls "$TMP/junction-tls.yaml" $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
  J_TLS_PID=$LAST_PID
  LATER+=(junction-tls "$J_TLS_PORT" "$J_TLS_PID")
fi
if has h2c; then
  # shellcheck disable=SC2086
  start_junction_at junction-h2c "$TMP/junction-h2c.yaml" $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
  J_H2C_PID=$LAST_PID
  LATER+=(junction-h2c "$J_H2C_PORT" "$J_H2C_PID")
fi
if has_any tls-keep tls-close h2c h2; then
  start_bg haproxy-edge haproxy -db -f "$TMP/haproxy-edge.cfg"
  H_EDGE_PID=$LAST_PID
  start_nginx nginx-edge "$TMP/nginx-edge.conf"
  N_EDGE_PID=$LAST_PID
  LATER+=(haproxy-edge "$H_TLS_PORT" "$H_EDGE_PID" haproxy-edge "$H_H2C_PORT" "$H_EDGE_PID" nginx-edge "$N_TLS_PORT" "$N_EDGE_PID" nginx-edge "$N_H2C_PORT" "$N_EDGE_PID")
fi
if has_any body16k body256k body1m; then
  # shellcheck disable=SC2086
  start_junction_at junction-cache "$TMP/junction-cache.yaml" $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
  J_CACHE_PID=$LAST_PID
  start_bg haproxy-body haproxy -db -f "$TMP/haproxy-body.cfg"
  H_BODY_PID=$LAST_PID
  LATER+=(junction-cache "$J_CACHE_PORT" "$J_CACHE_PID" haproxy-body "$H_BODY_PORT" "$H_BODY_PID")
fi
if has defaults; then
  start_bg junction-defaults "${JUNCTION_CMD[@]}" serve --config "$TMP/defaults/junction.yaml"
  J_DEF_PID=$LAST_PID
  start_bg haproxy-defaults haproxy -db -f "$TMP/defaults/haproxy.cfg"
  H_DEF_PID=$LAST_PID
  start_bg haproxy-min haproxy -db -f "$TMP/defaults/haproxy-min.cfg"
  H_MIN_PID=$LAST_PID
  LATER+=(junction-defaults "$J_DEF_PORT" "$J_DEF_PID" haproxy-defaults "$H_DEF_PORT" "$H_DEF_PID" haproxy-min "$H_MIN_PORT" "$H_MIN_PID")
fi
if has conns; then
  declare -A CONNS_BACKEND_PID=()
  for t in direct junction haproxy nginx; do
    start_nginx "backend-conns-$t" "$TMP/backend-conns-$t.conf"
    CONNS_BACKEND_PID[$t]=$LAST_PID
    LATER+=("backend-conns-$t" "${CONNS_BACKEND_PORT[$t]}" "$LAST_PID")
  done
  # shellcheck disable=SC2086
  start_junction_at junction-conns "$TMP/junction-conns.yaml" $GC_OPTS ${JUNCTION_JAVA_OPTS:-}
  J_CONNS_PID=$LAST_PID
  start_bg haproxy-conns haproxy -db -f "$TMP/haproxy-conns.cfg"
  H_CONNS_PID=$LAST_PID
  start_nginx nginx-conns "$TMP/nginx-conns.conf"
  N_CONNS_PID=$LAST_PID
  LATER+=(junction-conns "$J_CONNS_PORT" "$J_CONNS_PID" haproxy-conns "$H_CONNS_PORT" "$H_CONNS_PID" nginx-conns "$N_CONNS_PORT" "$N_CONNS_PID")
fi
if has_any openloop conns; then # compiled once, run many times
  mkdir -p "$TMP/openloop"
  javac -d "$TMP/openloop" bench/OpenLoop.java
fi
wait_port "$JUNCTION_PORT" junction "$JUNCTION_PID"
for ((i = 0; i < ${#LATER[@]}; i += 3)); do wait_port "${LATER[i + 1]}" "${LATER[i]}" "${LATER[i + 2]}"; done
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

# A scenario after cache names its own endpoints for a target (endpoints below); the others are
# the main processes'.
declare -A EP_URL=() EP_PID=()
endpoints() { # (target base-url pid)...: pid is the process whose CPU time counts, workers:PID for nginx's
  EP_URL=() EP_PID=()
  while (($# >= 3)); do
    EP_URL[$1]=$2 EP_PID[$1]=$3
    shift 3
  done
}

url() { # target path
  if [[ -n ${EP_URL[$1]:-} ]]; then
    echo "${EP_URL[$1]}$2"
    return
  fi
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
# The same before the later scenarios, through their own proxies: the status (and, where it
# matters, the HTTP version and TLS 1.3) each target answers with.
probe() { # log-name expected url [curl options...]: fails the run unless curl's "status http-version" starts with expected
  local name=$1 want=$2 u=$3 got
  shift 3
  got=$(curl -s -o /dev/null -w '%{http_code} %{http_version}' --max-time 10 "$@" "$u" || true)
  [[ "$got " == "$want "* ]] || { log "$name: $u answered '$got' (expected: status and HTTP version '$want')"; tail -n 20 "$TMP/$name.log" >&2 || true; exit 1; }
}
tls13() { # log-name port: fails the run unless the listener speaks TLS 1.3
  local v
  v=$(openssl s_client -connect "127.0.0.1:$2" -servername 127.0.0.1 -brief </dev/null 2>&1 | sed -n 's/^Protocol version: //p' | head -n 1)
  [[ $v == TLSv1.3 ]] || { log "$1: port $2 negotiated '${v:-no TLS}' (expected: TLSv1.3)"; tail -n 20 "$TMP/$1.log" >&2 || true; exit 1; }
}
if has_any tls-keep tls-close h2; then
  for e in junction-tls:$J_TLS_PORT haproxy-edge:$H_TLS_PORT nginx-edge:$N_TLS_PORT; do
    tls13 "${e%%:*}" "${e#*:}"
    probe "${e%%:*}" "200 1.1" "https://127.0.0.1:${e#*:}/api/items" -k --http1.1
    has h2 && probe "${e%%:*}" "200 2" "https://127.0.0.1:${e#*:}/api/items" -k --http2
  done
fi
if has h2c; then
  for e in junction-h2c:$J_H2C_PORT haproxy-edge:$H_H2C_PORT nginx-edge:$N_H2C_PORT; do
    probe "${e%%:*}" "200 2" "http://127.0.0.1:${e#*:}/api/items" --http2-prior-knowledge
  done
fi
for b in $BODY_SIZES; do
  has "${b%%:*}" || continue
  for e in backend:$API_PORT junction:$JUNCTION_PORT junction-cache:$J_CACHE_PORT haproxy-body:$H_BODY_PORT; do
    probe "${e%%:*}" 200 "http://127.0.0.1:${e#*:}/v1/chat/completions" -H 'Content-Type: application/json' --data-binary "@$TMP/${b%%:*}.json"
  done
done
if has defaults; then
  for e in junction-defaults:$J_DEF_PORT haproxy-defaults:$H_DEF_PORT haproxy-min:$H_MIN_PORT; do
    probe "${e%%:*}" 200 "http://127.0.0.1:${e#*:}/api/items"
    probe "${e%%:*}" 200 "http://127.0.0.1:${e#*:}/v1/chat/completions" -H 'Content-Type: application/json' --data-binary "$CHAT_BODY"
  done
  # The same work: both return a request id and a Via header.
  for e in junction-defaults:$J_DEF_PORT haproxy-defaults:$H_DEF_PORT; do
    heads=$(curl -s -o /dev/null -D - "http://127.0.0.1:${e#*:}/api/items" | tr -d '\r')
    if ! grep -qi '^x-request-id: .' <<<"$heads" || ! grep -qi '^via: ' <<<"$heads"; then
      log "${e%%:*}: no X-Request-Id or Via on the answer (expected both); its head:"
      echo "$heads" >&2
      exit 1
    fi
  done
fi
if has conns; then
  for e in junction-conns:$J_CONNS_PORT haproxy-conns:$H_CONNS_PORT nginx-conns:$N_CONNS_PORT; do
    probe "${e%%:*}" 200 "http://127.0.0.1:${e#*:}/api/items"
  done
fi
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
  if [[ -n ${EP_PID[$1]:-} ]]; then
    case ${EP_PID[$1]} in
      workers:*) pgrep -P "${EP_PID[$1]#workers:}" ;;
      tree:*) echo "${EP_PID[$1]#tree:}"; pgrep -P "${EP_PID[$1]#tree:}" || true ;;
      *) echo "${EP_PID[$1]}" ;;
    esac
    return
  fi
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
# The load of the next runs: wrk (WRK_C connections, WRK_ARGS more options) or h2load (LOADGEN=h2load).
LOADGEN=wrk WRK_C=$CONNECTIONS WRK_ARGS=()
H2_CONNECTIONS=16 H2_STREAMS=32
wrk_once() { # scenario target path seconds [script]: prints "rps p50_ms p99_ms bad cpu_us_per_request"
  [[ $LOADGEN == h2load ]] && { h2load_once "$@"; return; }
  local out=$TMP/wrk.out args=(-t"$THREADS" -c"$WRK_C" -d"$4"s --latency "${WRK_ARGS[@]}") pids before after
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
  # A target that answered nothing right measured nothing: fail loudly rather than report it.
  if ((${requests:-0} == 0 || ${non2xx:-0} >= ${requests:-0})); then
    log "$1/$2: no 2xx answer in $4 s ($(url "$2" "$3")); wrk said:"
    cat "$out" >&2
    tail -n 20 "$TMP/$([[ $2 == direct ]] && echo backend || echo "$2").log" >&2 2>/dev/null || true
    exit 1
  fi
  if ((${non2xx:-0} + ${sockerr:-0} > 0)); then # which kind, for the log (the results give the sum)
    log "$1/$2: $(grep -E 'Non-2xx|Socket errors' "$out" | sed 's/^ *//' | paste -sd ';' -) of $requests requests"
  fi
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  echo "$rps $p50 $p99 $((${non2xx:-0} + ${sockerr:-0})) $cpu"
}

# h2load has no latency percentiles: they come from its per-request log (status, microseconds).
h2load_once() { # scenario target path seconds: as wrk_once, over HTTP/2 (h2c by prior knowledge, or TLS with ALPN h2)
  local out=$TMP/h2load.out reqlog=$TMP/h2load.log pids before after
  mapfile -t pids < <(target_pids "$2")
  before=$(cpu_ticks "${pids[@]}")
  rm -f "$reqlog" # h2load appends to it
  h2load -t1 -c"$H2_CONNECTIONS" -m"$H2_STREAMS" -D "$4" --log-file="$reqlog" "$(url "$2" "$3")" >"$out" 2>&1 \
    || { log "h2load failed for $1/$2:"; cat "$out" >&2; exit 1; }
  after=$(cpu_ticks "${pids[@]}")
  local rps p50 p99 finished failed succeeded ok proto cpu
  rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out")
  # "done" counts failed requests (errored, timed out) too, "succeeded" any status; a stream can
  # have its status counted and not be done when the time is up.
  read -r finished failed succeeded < <(awk '/^requests:/ { gsub(/,/, ""); print $6, $10, $8 }' "$out")
  ok=$(awk '/^status codes:/ {print $3}' "$out")
  proto=$(sed -n 's/^Application protocol: //p' "$out")
  if [[ $proto != "$([[ $(url "$2" "$3") == https:* ]] && echo h2 || echo h2c)" ]] || ((${ok:-0} == 0)); then
    log "$1/$2: no HTTP/2 2xx answer in $4 s ($(url "$2" "$3"), protocol '${proto:-none}'); h2load said:"
    cat "$out" >&2
    exit 1
  fi
  read -r p50 p99 < <(awk -F'\t' '$2 >= 200 && $2 < 300 { print $3 }' "$reqlog" | sort -n \
    | awk '{ v[NR] = $1 } END { i = int(NR * 0.5 + 0.999999); j = int(NR * 0.99 + 0.999999); if (i < 1) i = 1; if (j < 1) j = 1
      printf "%.3f %.3f\n", v[i] / 1000, v[j] / 1000 }')
  cpu=$(awk -v t=$((after - before)) -v n="$finished" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
  echo "$rps $p50 $p99 $((failed + (succeeded > ok ? succeeded - ok : 0))) $cpu"
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
    warm_up "$scenario" "$t" "$path" "$([[ $t == junction* || $t == compare ]] && echo "$JUNCTION_WARMUP" || echo "$WARMUP")" "$script"
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

# --- TLS 1.3 and HTTP/2: each proxy terminates TLS with the same certificate; cleartext behind ---
if has_any tls-keep tls-close h2; then
  endpoints junction "https://127.0.0.1:$J_TLS_PORT" "$J_TLS_PID" haproxy "https://127.0.0.1:$H_TLS_PORT" "$H_EDGE_PID" \
    nginx "https://127.0.0.1:$N_TLS_PORT" "workers:$N_EDGE_PID"
  has tls-keep && throughput tls-keep /api/items "" junction haproxy nginx
  if has tls-close; then # a handshake per request
    WRK_C=16 WRK_ARGS=(-H 'Connection: close')
    throughput tls-close /api/items "" junction haproxy nginx
    WRK_C=$CONNECTIONS WRK_ARGS=()
  fi
  if has h2; then
    LOADGEN=h2load
    throughput h2 /api/items "" junction haproxy nginx
    LOADGEN=wrk
  fi
  endpoints
fi
if has h2c; then
  endpoints junction "http://127.0.0.1:$J_H2C_PORT" "$J_H2C_PID" haproxy "http://127.0.0.1:$H_H2C_PORT" "$H_EDGE_PID" \
    nginx "http://127.0.0.1:$N_H2C_PORT" "workers:$N_EDGE_PID"
  LOADGEN=h2load
  throughput h2c /api/items "" junction haproxy nginx
  LOADGEN=wrk
  endpoints
fi

# --- LLM-sized chat bodies: (a) payload rule, (b) decision cache, HAProxy, direct ---------------
vm_kib() { # field pids...: the sum of /proc/PID/status FIELD (VmRSS, VmHWM) in KiB
  local f=$1 p t=0
  shift
  for p in "$@"; do t=$((t + $(awk -v f="$f:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done
  echo "$t"
}
BODY_RSS=""
for b in $BODY_SIZES; do
  has "${b%%:*}" || continue
  endpoints direct "http://127.0.0.1:$API_PORT" "workers:$BACKEND_PID" junction "http://127.0.0.1:$JUNCTION_PORT" "$JUNCTION_PID" \
    junction-cache "http://127.0.0.1:$J_CACHE_PORT" "$J_CACHE_PID" haproxy "http://127.0.0.1:$H_BODY_PORT" "$H_BODY_PID"
  throughput "${b%%:*}" /v1/chat/completions "${b%%:*}" direct junction junction-cache haproxy
done
if has body1m; then
  # Junction's peak resident memory over one more 64-connection run of 1 MB bodies: VmHWM, reset
  # first through /proc/PID/clear_refs (as root or as its owner), else the peak since start-up.
  for t in junction junction-cache; do
    p=$(target_pids "$t")
    rss=$(vm_kib VmRSS "$p")
    reset=yes
    echo 5 >"/proc/$p/clear_refs" 2>/dev/null || reset=no
    wrk_once body1m-rss "$t" /v1/chat/completions "$DURATION" body1m >/dev/null
    BODY_RSS+="$t $rss $(vm_kib VmHWM "$p") $reset"$'\n'
    log "body1m: $t resident $((rss / 1024)) MiB before, peak $(($(vm_kib VmHWM "$p") / 1024)) MiB during 64 connections of 1 MB bodies"
  done
fi
endpoints

# --- defaults: Junction as installed vs HAProxy as installed, doing the same work ---------------
if has defaults; then
  endpoints junction "http://127.0.0.1:$J_DEF_PORT" "tree:$J_DEF_PID" haproxy "http://127.0.0.1:$H_DEF_PORT" "$H_DEF_PID" \
    haproxy-min "http://127.0.0.1:$H_MIN_PORT" "$H_MIN_PID"
  throughput defaults-get /api/items "" junction haproxy haproxy-min
  throughput defaults-post /v1/chat/completions chat junction haproxy haproxy-min
  endpoints
fi

# --- open loop: a fixed rate, latency from each request's scheduled time ----------------------
OPENLOOP_PEAK="" OPENLOOP_FAILED="" OPENLOOP_PCTS=""
OPENLOOP_OUT=$TMP/openloop.txt
: >"$OPENLOOP_OUT"
if has openloop; then
  endpoints
  log "openloop: warm-up, then HAProxy's closed-loop peak (wrk -c$CONNECTIONS)"
  for t in direct junction haproxy nginx; do
    warm_up openloop "$t" /api/items "$([[ $t == junction ]] && echo "$JUNCTION_WARMUP" || echo "$WARMUP")" ""
  done
  peaks=()
  for ((r = 1; r <= (ROUNDS < 3 ? ROUNDS : 3); r++)); do
    read -r rps _ <<<"$(wrk_once openloop-peak haproxy /api/items "$DURATION" "")"
    peaks+=("${rps%.*}")
  done
  OPENLOOP_PEAK=$(printf '%s\n' "${peaks[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  rates=""
  for pct in $OPENLOOP_RATES; do
    rates+=",$((OPENLOOP_PEAK * pct / 100))"
    OPENLOOP_PCTS+="$((OPENLOOP_PEAK * pct / 100)):$pct "
  done
  log "openloop: HAProxy's peak $OPENLOOP_PEAK requests/s; rates ${rates#,}, $ROUNDS round(s) of ${OPENLOOP_SECONDS}s (after ${OPENLOOP_WARMUP}s) per target, $OPENLOOP_CONNECTIONS connections"
  if ! java -cp "$TMP/openloop" OpenLoop load "${rates#,}" "$OPENLOOP_SECONDS" "$OPENLOOP_WARMUP" "$ROUNDS" "$OPENLOOP_CONNECTIONS" \
    "direct=$(url direct /api/items)" "junction=$(url junction /api/items)" "haproxy=$(url haproxy /api/items)" "nginx=$(url nginx /api/items)" \
    >"$OPENLOOP_OUT" 2>"$TMP/openloop.err"; then
    OPENLOOP_FAILED=$(cat "$TMP/openloop.err")
    log "openloop FAILED:"
    sed 's/^/  /' "$TMP/openloop.err" >&2
  fi
  sed 's/^/  /' "$OPENLOOP_OUT" >&2
fi

# --- many connections: 1,000 and 10,000 at once; memory per idle connection --------------------
IDLE_ROWS=""
if has conns; then
  endpoints direct "http://127.0.0.1:${CONNS_BACKEND_PORT[direct]}" "workers:${CONNS_BACKEND_PID[direct]}" \
    junction "http://127.0.0.1:$J_CONNS_PORT" "$J_CONNS_PID" haproxy "http://127.0.0.1:$H_CONNS_PORT" "$H_CONNS_PID" \
    nginx "http://127.0.0.1:$N_CONNS_PORT" "workers:$N_CONNS_PID"
  # Each wrk run opens its N connections at its start, past the listen backlog: longer runs, so that
  # the connection storm weighs less (quick: 2 s from 5,000 connections on, the least that gets
  # them all open, else 1 s).
  duration=$DURATION
  for n in $CONNS; do
    DURATION=$CONNS_DURATION
    [[ $MODE == quick && -z ${BENCH_CONNS_DURATION:-} ]] && DURATION=$((n >= 5000 ? 2 : 1))
    WRK_C=$n WRK_ARGS=(--timeout 10s)
    throughput "conns-$n" /api/items "" direct junction haproxy nginx
  done
  WRK_C=$CONNECTIONS WRK_ARGS=() DURATION=$duration
  # Idle: N connections that each served one GET and then wait; the resident memory of the proxy's
  # processes before and after they opened (in quick mode, the smallest N only).
  # A JVM's resident memory hardly moves: the heap's pages were touched by the load before. So for
  # Junction, also its live heap after a full collection (jcmd), before and after.
  heap_kib() { # pid: the Java heap in use after a full collection, KiB ("-" without jcmd)
    jcmd "$1" GC.run >/dev/null 2>&1 || { echo -; return; }
    jcmd "$1" GC.heap_info 2>/dev/null | awk '{ for (i = 2; i < NF; i++) if ($i == "used" && $(i - 1) ~ /K,$/) { v = $(i + 1); sub(/K.*/, "", v); s += v } }
      END { print (s > 0 ? s : "-") }'
  }
  idle_counts=$CONNS
  [[ $MODE == quick ]] && idle_counts=${CONNS%% *}
  for n in $idle_counts; do
    for t in junction haproxy nginx; do
      mapfile -t pids < <(target_pids "$t")
      heap_before=- heap_after=-
      [[ $t == junction ]] && heap_before=$(heap_kib "${pids[0]}")
      before=$(vm_kib VmRSS "${pids[@]}")
      rm -f "$TMP/idle.ready"
      start_bg "idle-$t" java -cp "$TMP/openloop" OpenLoop idle "$n" "$(url "$t" /api/items)" "$TMP/idle.ready" 600
      idle_pid=$LAST_PID
      for ((i = 0; i < 1200; i++)); do
        [[ -s $TMP/idle.ready ]] && break
        kill -0 "$idle_pid" 2>/dev/null || { log "conns: $n idle connections to $t failed:"; cat "$TMP/idle-$t.log" >&2; exit 1; }
        sleep 0.1
      done
      [[ -s $TMP/idle.ready ]] || { log "conns: $n idle connections to $t not open after 120 s"; exit 1; }
      sleep 0.2
      mapfile -t pids < <(target_pids "$t")
      after=$(vm_kib VmRSS "${pids[@]}")
      [[ $t == junction ]] && heap_after=$(heap_kib "${pids[0]}")
      stop "$idle_pid"
      IDLE_ROWS+="$n $t $before $after $heap_before $heap_after"$'\n'
      log "conns: $n idle connections to $t: resident $((before / 1024)) -> $((after / 1024)) MiB, $(((after - before) * 1024 / n)) bytes each; Java heap after a full GC: $heap_before -> $heap_after KiB"
    done
  done
  endpoints
fi

# --- start-up: process start to the first proxied 200 -----------------------------------------
STARTUP_ROWS="" CHECK_MS=""
startup_once() { # name url command...: sets STARTUP_MS, the milliseconds from the start to a 200 from url; stops it
  local name=$1 u=$2 t0 t1 pid i
  shift 2
  t0=$(date +%s%N)
  "$@" >"$TMP/$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for ((i = 0; i < 3000; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$u" 2>/dev/null) == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || { log "startup: $name exited before answering; its log:"; tail -n 20 "$TMP/$name.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  ((i < 3000)) || { log "startup: $name gave no 200 on $u in 30 s; its log:"; tail -n 20 "$TMP/$name.log" >&2; exit 1; }
  pkill -P "$pid" 2>/dev/null || true # a launcher's java, when it is not exec'd
  stop "$pid"
  STARTUP_MS=$(((t1 - t0) / 1000000))
}
if has startup; then
  log "startup: $STARTUP_RUNS run(s) per target, polling every 10 ms"
  declare -A STARTUP_TIMES=([junction]="" [haproxy]="" [nginx]="")
  for ((r = 1; r <= STARTUP_RUNS; r++)); do
    for t in junction haproxy nginx; do
      case $t in
        junction) startup_once junction-startup "http://127.0.0.1:$J_START_PORT/api/items" "${JUNCTION_CMD[@]}" serve --config "$TMP/startup/junction.yaml" ;;
        haproxy) startup_once haproxy-startup "http://127.0.0.1:$H_START_PORT/api/items" haproxy -db -f "$TMP/startup/haproxy.cfg" ;;
        nginx) startup_once nginx-startup "http://127.0.0.1:$N_START_PORT/api/items" \
          nginx -e "$TMP/nginx-startup.log" -p "$TMP/startup" -c "$TMP/startup/nginx.conf" -g 'daemon off;' ;;
      esac
      STARTUP_TIMES[$t]+="$STARTUP_MS "
      log "startup run $r $t: $STARTUP_MS ms"
    done
  done
  for t in junction haproxy nginx; do STARTUP_ROWS+="$t ${STARTUP_TIMES[$t]}"$'\n'; done
  for ((r = 1; r <= STARTUP_RUNS; r++)); do
    t0=$(date +%s%N)
    "${JUNCTION_CMD[@]}" config check "$TMP/startup/junction.yaml" >"$TMP/config-check.log" 2>&1 \
      || { log "startup: junction config check failed:"; cat "$TMP/config-check.log" >&2; exit 1; }
    CHECK_MS+="$((($(date +%s%N) - t0) / 1000000)) "
  done
  log "startup: config check ${CHECK_MS% } ms"
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

# The later scenarios' tables: the medians of rounds, with each ratio to a reference target of the
# same scenario (requests/s and p99).
ref_title() {
  case "$1" in
    haproxy) echo HAProxy ;;
    haproxy-min) echo "HAProxy minimal" ;;
    *) echo "$1" ;;
  esac
}
ran() { awk -v s="$1" '$1 == s { f = 1 } END { exit !f }' "$SUMMARY" 2>/dev/null; }
group_table() { # "ref..." scenario...
  local refs s t r row sep
  read -r -a refs <<<"$1"
  shift
  row="| scenario | target | requests/s | p50 ms | p99 ms |" sep="|---|---|---:|---:|---:|"
  for r in "${refs[@]}"; do row+=" x $(ref_title "$r") |" sep+="---:|"; done
  for r in "${refs[@]}"; do row+=" p99 x $(ref_title "$r") |" sep+="---:|"; done
  echo "$row CPU µs/request | non-2xx / errors |"
  echo "$sep---:|---:|"
  for s in "$@"; do
    # shellcheck disable=SC2013 # target names are words
    for t in $(awk -v s="$s" '$1 == s {print $2}' "$SUMMARY"); do
      row="| $(scenario_title "$s") | $t | $(value "$s" "$t" 3) | $(value "$s" "$t" 4) | $(value "$s" "$t" 5) |"
      for r in "${refs[@]}"; do row+=" $(ratio "$(value "$s" "$t" 3)" "$(value "$s" "$r" 3)") |"; done
      for r in "${refs[@]}"; do row+=" $(ratio "$(value "$s" "$t" 5)" "$(value "$s" "$r" 5)") |"; done
      echo "$row $(value "$s" "$t" 7) | $(value "$s" "$t" 6) |"
    done
  done
}

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
  has_any tls-keep tls-close h2 && echo "| TLS | 1.3 only, one self-signed P-256 certificate: Junction \`listen.tls\` (OpenSSL: $(openssl version | awk '{print $2}') on this machine for wrk and curl), HAProxy \`ssl crt ... alpn h2,http/1.1 ssl-min-ver TLSv1.3\`, nginx \`ssl_protocols TLSv1.3\` |"
  has_any h2c h2 && echo "| h2load | $(h2load --version 2>/dev/null | awk '{print $2}'), -t1 -c$H2_CONNECTIONS -m$H2_STREAMS, the same rounds and warm-ups as wrk |"
  [[ -n $SKIPPED ]] && echo "| skipped or reduced | $(echo -n "$SKIPPED" | sed 's/^- //' | tr '\n' ' ')|"
  echo
  if [[ -s $SUMMARY ]]; then
    if has_any get post cache; then
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
    fi
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
  if ran tls-keep || ran tls-close; then
    echo "## TLS 1.3 termination"
    echo
    echo "Each proxy terminates TLS 1.3 with the same self-signed P-256 certificate and forwards in cleartext;"
    echo "wrk over https, keep-alive (\`-c$CONNECTIONS\`) and a new connection, so a full handshake, per request"
    echo "(\`-c16 -H 'Connection: close'\`). No direct row: the backend speaks no TLS."
    echo
    group_table "haproxy nginx" tls-keep tls-close
    echo
  fi
  if ran h2c || ran h2; then
    echo "## HTTP/2"
    echo
    echo "h2load $(h2load --version 2>/dev/null | awk '{print $2}') \`-t1 -c$H2_CONNECTIONS -m$H2_STREAMS\` for the same seconds per round: cleartext by prior knowledge"
    echo "(h2c) and over TLS 1.3 with ALPN h2; HTTP/1.1 to the backend. Latency percentiles come from h2load's per-request log."
    echo
    group_table "haproxy nginx" h2c h2
    echo
  fi
  if ran body16k || ran body256k || ran body1m; then
    echo "## LLM-sized chat bodies"
    echo
    echo "POST /v1/chat/completions with an OpenAI-style chat body of 16 KiB, 256 KiB and 1,000,000 bytes,"
    echo "\`messages\` first and \`model\` last as the Python SDK writes it, \`wrk -c$CONNECTIONS\`. **junction** routes it by"
    echo "its payload rules on \`/model\` (a glob, then an equality); **junction-cache** has no rule for the path:"
    echo "discovery decided once and the decision cache (\`key_fields: [/model]\`) answers every measured request."
    echo "**haproxy** buffers the body (\`tune.bufsize $HAPROXY_BODY_BUFSIZE\`) and routes on \`json_query('\$.model')\`."
    echo "**direct** is the limit: the backend reading the same bodies. nginx cannot route on a body: not run."
    echo
    group_table "direct haproxy" body16k body256k body1m
    echo
    if [[ -n $BODY_RSS ]]; then
      echo -n "$BODY_RSS" | while read -r t rss hwm reset; do
        echo "- $t: resident $((rss / 1024)) MiB before, peak $((hwm / 1024)) MiB (VmHWM$([[ $reset == yes ]] && echo ", reset just before" || echo " since start-up: it could not be reset")) over $DURATION s of $CONNECTIONS connections posting 1 MB bodies."
      done
      echo "- For scale: $CONNECTIONS x \`max_buffered_body\` (1 MiB, the default) is $CONNECTIONS MiB of bodies Junction may hold at once."
      echo
    fi
  fi
  if ran defaults-get || ran defaults-post; then
    echo "## Defaults: as installed"
    echo
    echo "Junction with no option at all: \`$(if [[ -n $DIST ]]; then echo "bin/junction (from $(basename "$DIST"))"; else echo "java -jar junction.jar"; fi) serve --config FILE\`,"
    echo "the file giving only the listen address, the backends, the routes of get and post and the admin"
    echo "listener's port (no --event-loops: its default, one per CPU but one on 2 CPUs or fewer; no JVM option:"
    echo "$(if [[ -n $DIST ]]; then echo "the launcher's choices (the serial collector on 2 CPUs or fewer, a class-data archive)"; else echo "the JVM's collector and heap"; fi);"
    echo "its access log on, to a file here; the SQLite decision store). **haproxy**: HAProxy with no"
    echo "nbthread (one thread per CPU) doing what Junction does to every request (X-Forwarded-For/-Proto/-Host,"
    echo "Via both ways, an X-Request-Id made when absent and returned), but logging nothing; **haproxy-min**:"
    echo "the same routes and nothing added. wrk \`-c$CONNECTIONS\`."
    echo
    group_table "haproxy haproxy-min" defaults-get defaults-post
    echo
  fi
  if [[ -n $OPENLOOP_PEAK ]]; then
    echo "## Open loop: latency at a fixed rate"
    echo
    echo "HAProxy's closed-loop peak (wrk \`-c$CONNECTIONS\`, GET): **$OPENLOOP_PEAK requests/s**. Then \`bench/OpenLoop.java\` sends GETs on a"
    echo "fixed schedule at each rate below over $OPENLOOP_CONNECTIONS keep-alive connections and times each from when it was due"
    echo "(no coordinated omission); $ROUNDS round(s) of $OPENLOOP_SECONDS s per target in turns after ${OPENLOOP_WARMUP} s at the rate, medians of rounds."
    echo "**generator lag p99** is how late the generator itself sent: when it is not small next to direct's p99,"
    echo "the generator was short of CPU and every row reads high."
    echo
    echo "| rate | target | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms | p99 x HAProxy | p99.9 x HAProxy | errors | generator lag p99 ms |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -v pcts="$OPENLOOP_PCTS" '
      function med(a, k, c,   i, j, t, v) {
        for (i = 1; i <= c; i++) v[i] = a[k, i]
        for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
        return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2 }
      BEGIN { n = split(pcts, pp, " "); for (i = 1; i <= n; i++) { split(pp[i], kv, ":"); pct[kv[1]] = kv[2] } }
      $1 == "openloop" {
        delete f; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        k = f["rate"] SUBSEP f["target"]; c = ++cnt[k]
        if (c == 1) order[++m] = k
        ach[k, c] = f["achieved"]; p50[k, c] = f["p50_us"]; p99[k, c] = f["p99_us"]; p999[k, c] = f["p999_us"]; lag[k, c] = f["lag_p99_us"]
        if (f["max_us"] + 0 > mx[k]) mx[k] = f["max_us"] + 0
        err[k] += f["errors"] }
      END {
        for (i = 1; i <= m; i++) { k = order[i]; c = cnt[k]; P99[k] = med(p99, k, c); P999[k] = med(p999, k, c) }
        for (i = 1; i <= m; i++) { k = order[i]; c = cnt[k]; split(k, p, SUBSEP); h = p[1] SUBSEP "haproxy"
          printf "| %s/s (%s%% of peak) | %s | %.0f | %.3f | %.3f | %.3f | %.3f | %s | %s | %d | %.3f |\n", p[1], pct[p[1]], p[2], med(ach, k, c),
            med(p50, k, c) / 1000, P99[k] / 1000, P999[k] / 1000, mx[k] / 1000,
            (h in P99 && P99[h] > 0) ? sprintf("%.2f", P99[k] / P99[h]) : "n/a", (h in P999 && P999[h] > 0) ? sprintf("%.2f", P999[k] / P999[h]) : "n/a",
            err[k], med(lag, k, c) / 1000 } }
    ' "$OPENLOOP_OUT"
    echo
  fi
  if [[ -n $OPENLOOP_FAILED ]]; then
    echo "## Open loop: FAILED"
    echo
    echo '```'
    echo "$OPENLOOP_FAILED"
    echo '```'
    echo
  fi
  if [[ -n $(awk '$1 ~ /^conns-/' "$SUMMARY" 2>/dev/null) ]]; then
    echo "## Many connections"
    echo
    echo "wrk \`-t$THREADS --timeout 10s\`, $([[ $MODE == quick && -z ${BENCH_CONNS_DURATION:-} ]] && echo "1 or 2" || echo "$CONNS_DURATION") s per run, with this many keep-alive connections at once, opened at"
    echo "the start of each run (so the figures include that storm of connections); each target has a backend"
    echo "of its own (one nginx worker), so that one process's descriptors need not hold them all. Every proxy may hold"
    echo "as many backend connections (Junction \`max_connections_per_backend: $max_conns\`, HAProxy \`maxconn\`,"
    echo "nginx \`keepalive $max_conns\`), and every listen backlog is $CONNS_BACKLOG (Junction's \`listen.backlog\`; \`ulimit -n\` $(ulimit -n),"
    echo "net.core.somaxconn $(sysctl -n net.core.somaxconn 2>/dev/null || echo unknown))."
    echo
    # shellcheck disable=SC2046
    group_table "direct haproxy nginx" $(for n in $CONNS; do echo "conns-$n"; done)
    echo
    if [[ -n $IDLE_ROWS ]]; then
      echo "Resident memory per idle connection: N connections that each served one GET and wait, the"
      echo "proxy's resident memory (nginx: its workers) before they opened and with them open."
      echo
      echo "| connections | target | resident before MiB | with them MiB | resident KiB per idle connection | Java heap after a full GC, before / with them MiB | heap KiB per idle connection |"
      echo "|---:|---|---:|---:|---:|---:|---:|"
      echo -n "$IDLE_ROWS" | awk '{ h = ($5 == "-" || $6 == "-") ? "| | |" : sprintf("| %.1f / %.1f | %.2f |", $5 / 1024, $6 / 1024, ($6 - $5) / $1)
        printf "| %d | %s | %.1f | %.1f | %.2f %s\n", $1, $2, $3 / 1024, $4 / 1024, ($4 - $3) / $1, h }'
      echo
      echo "A process's resident memory grows only by the pages it touches for the first time: a JVM whose heap the"
      echo "load already spread over, or nginx with its connection structures allocated at start, may show"
      echo "next to nothing; the heap after a full collection is what Junction's idle connections keep alive."
      echo
    fi
  fi
  if [[ -n $STARTUP_ROWS ]]; then
    echo "## Start-up"
    echo
    echo "From the process's start to the first proxied 200 (\`curl\` every 10 ms, so within about 15 ms), each"
    echo "as installed: Junction $(if [[ -n $DIST ]]; then echo "by \`bin/junction\`"; else echo "by \`java -jar junction.jar\`"; fi) \`serve --config FILE\` (as in defaults), HAProxy and nginx on"
    echo "minimal configs."
    echo
    echo "| target | runs, ms | median ms |"
    echo "|---|---|---:|"
    echo -n "$STARTUP_ROWS" | awk '{ n = 0; s = ""; for (i = 2; i <= NF; i++) { v[++n] = $i; s = s (s == "" ? "" : " ") $i }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      printf "| %s | %s | %s |\n", $1, s, n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
    echo
    echo "\`junction config check FILE\`, the same file: ${CHECK_MS% } ms."
    echo
  fi
  if [[ -n $SKIPPED ]]; then
    echo "## Skipped or reduced"
    echo
    echo -n "$SKIPPED"
    echo
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

# The chart: throughput relative to direct, and p99, per scenario (get, post, cache).
if [[ -s $SUMMARY ]] && has_any get post cache; then
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
[[ -z $OPENLOOP_FAILED ]] || { log "the open-loop step failed (see the results)"; exit 1; }
