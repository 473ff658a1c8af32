#!/usr/bin/env bash
# Regenerates docs/status.png, the README's picture of the admin status page: starts the demo
# (target/junction.jar, built if missing) on free-by-convention ports, sends it the demo's curl lines
# (rules, discovery, cache hits, an alias, server-sent events, a 502), then has headless Chromium
# screenshot http://ADMIN/status. Stops the demo on exit.
#
#   docs/status-screenshot.sh [output.png]       # default docs/status.png
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/status.png}")"
listen=127.0.0.1:18000
admin=127.0.0.1:18001
work="$(mktemp -d)"
demo=""
cleanup() {
  if [[ -n "$demo" ]]; then kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[[ -f target/junction.jar ]] || ./mvnw -B -q package -DskipTests
java -jar target/junction.jar demo --listen "$listen" --admin-listen "$admin" >"$work/demo.log" 2>&1 &
demo=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://$admin/health" && break
  sleep 0.5
done

b="http://$listen"
json='Content-Type: application/json'
post() { curl -s -o /dev/null -X POST "$b$1" -H "$json" -d "$2"; }
post /get_log_files '{"name":"log_file.log","path":"c:/logs"}'
post /archive_logs '{"source":"c:/logs","destination":"e:/archives","compress":true}'
post /v1/chat/completions '{"model":"large-1","messages":[{"role":"user","content":"hi"}]}'
for m in again more third; do
  post /v1/chat/completions "{\"model\":\"large-1\",\"messages\":[{\"role\":\"user\",\"content\":\"$m\"}]}"
done
post /v1/chat/completions '{"model":"small-1","stream":true}'
post /v1/audio/speech '{"input":"Hello world"}'
curl -s -o /dev/null --max-time 2 "$b/events" || true
curl -s -o /dev/null "$b/models/small-1"
curl -s -o /dev/null "$b/nowhere"
curl -s -o /dev/null "$b/v1/health"
curl -s -o /dev/null --max-time 2 "$b/events" || true

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/chromium" --hide-scrollbars --virtual-time-budget=5000 \
  --window-size=1100,1000 --screenshot="$out" "http://$admin/status" 2>"$work/chromium.err"
echo "wrote $out"
