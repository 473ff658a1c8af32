#!/usr/bin/env bash
# Shows, with the shaded jar and two nginx backends on loopback: a request routed by its payload
# (seed-format rules), discovery remembering a winner, the cache hit on the next request, and the
# decision surviving a restart (SQLite). Usage: ./mvnw -B -q package -DskipTests && examples/decisions-demo.sh
set -euo pipefail
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx; }
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
cd "$dir"
trap 'kill $(cat j.pid 2>/dev/null) 2>/dev/null || true; nginx -c "$dir/nginx.conf" -s stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
cat > nginx.conf <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:19301; location / { return 404 '{"backend":"a","error":"not here"}\n'; } }
  server { listen 127.0.0.1:19302; location / { default_type application/json; return 200 '{"backend":"b"}\n'; } }
}
EOF
nginx -c "$dir/nginx.conf"
cat > config.yaml <<'EOF'
"http://127.0.0.1:19301":
  cache_timeout: 600
  endpoints:
    "/get_log_files":
      payload:
        - name: "log_file.log"
          path: "c:/logs"
"http://127.0.0.1:19302":
  cache_timeout: 600
  endpoints:
    "/get_log_files":
      payload:
        - name: "backup_log.log"
          path: "d:/backup/logs"
EOF
J="java -jar $root/target/junction.jar"
start() {
  $J serve --config config.yaml --listen 127.0.0.1:19300 --no-admin --decision-header > serve.log 2>&1 & echo $! > j.pid
  for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:19300/health && return; sleep 0.25; done
  cat serve.log; exit 1
}
show() { echo "\$ $*"; eval "$@" | grep -iE '^HTTP|decision|backend' ; echo; }
start
show "curl -si -X POST 127.0.0.1:19300/get_log_files -H 'Content-Type: application/json' -d '{\"name\":\"backup_log.log\",\"path\":\"d:/backup/logs\"}'"
show "curl -si 127.0.0.1:19300/reports/today   # no rule: discovery, a answers 404, b accepts"
show "curl -si 127.0.0.1:19300/reports/today   # the same request again: a cache hit"
echo "\$ kill \$(cat j.pid)   # SIGTERM; start again on the same SQLite file"; kill "$(cat j.pid)"; sleep 2; start
show "curl -si 127.0.0.1:19300/reports/today   # after the restart: still a cache hit"
kill "$(cat j.pid)"; sleep 2
echo "\$ junction cache list --config config.yaml"; $J cache list --config config.yaml
