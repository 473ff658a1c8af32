#!/usr/bin/env bash
# Shows failover as OpenAI-style clients see it, with the shaded jar and two small Python backends
# on loopback: an unknown model answered with the backends' own 404 in one round of attempts; a
# hundred concurrent first requests for a new model running one discovery; a backend answering
# 429 with Retry-After: 2 passed over for two seconds, then tried again.
# Usage: ./mvnw -B -q package -DskipTests && examples/failover-demo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
cd "$dir"
trap 'kill $(cat *.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$dir"' EXIT

# Backend "a": counts what it gets per model; 404 model_not_found for "nope"; 429 Retry-After: 2
# for "busy-*" models (a shared switch in the file "a.busy"); else a slow 404 (0.5 s) so that
# discovery of a new model is still running when the other requests come.
# Backend "b": 404 model_not_found for "nope", else a completion; it counts too.
cat > backend.py <<'EOF'
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
name, port = sys.argv[1], int(sys.argv[2])
counts, lock = {}, threading.Lock()
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers: self.send_header(k, v)
        self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        with lock: self.answer(200, counts)
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        model = body.get("model", "")
        with lock: counts[model] = counts.get(model, 0) + 1
        if model == "nope":
            return self.answer(404, {"error": {"message": f"The model 'nope' does not exist on {name}",
                                               "type": "invalid_request_error", "code": "model_not_found"}})
        if name == "a" and model.startswith("busy"):
            return self.answer(429, {"error": {"message": "Rate limit reached", "code": "rate_limit_exceeded"}},
                               [("Retry-After", "2")])
        if name == "a":
            time.sleep(0.5)
            return self.answer(404, {"error": {"message": f"a does not serve {model}", "code": "model_not_found"}})
        self.answer(200, {"object": "chat.completion", "model": model, "backend": name,
                          "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi from " + name}}]})
ThreadingHTTPServer.request_queue_size = 512  # 100 connections at once
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
EOF
python3 backend.py a 19401 & echo $! > a.pid
python3 backend.py b 19402 & echo $! > b.pid
cat > junction.yaml <<'EOF'
junction:
  listen: 127.0.0.1:19400
  admin: {listen: 127.0.0.1:19409}
  backends: {a: "http://127.0.0.1:19401", b: "http://127.0.0.1:19402"}
  cache: {store: memory, key_fields: {/v1/chat/completions: [/model]}}
EOF
java -jar "$root/target/junction.jar" serve --config junction.yaml --decision-header 2> junction.log & echo $! > j.pid
for _ in $(seq 100); do curl -sf http://127.0.0.1:19409/health >/dev/null 2>&1 && break; sleep 0.1; done
chat() { curl -s -o /dev/null -w "%{http_code} %header{x-junction-decision}\n" -X POST http://127.0.0.1:19400/v1/chat/completions \
  -H 'Content-Type: application/json' -d "{\"model\":\"$1\",\"messages\":[]}"; }

echo "== 1. an unknown model: both backends say 404 model_not_found; the client gets that 404, once"
curl -s -i -X POST http://127.0.0.1:19400/v1/chat/completions -H 'Content-Type: application/json' \
  -d '{"model":"nope","messages":[]}' | grep -iE '^HTTP/|^x-junction-decision|model_not_found' | cut -c1-160
echo "requests per backend for 'nope': a=$(curl -s 127.0.0.1:19401 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("nope"))')" \
  "b=$(curl -s 127.0.0.1:19402 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("nope"))')"

echo "== 2. a hundred concurrent first requests for model 'fresh': one discovery, 99 wait and are cache hits"
seq 100 | xargs -P 100 -I{} sh -c "$(declare -f chat); chat fresh" | sort | uniq -c
echo "requests per backend for 'fresh': a=$(curl -s 127.0.0.1:19401 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("fresh"))')" \
  "b=$(curl -s 127.0.0.1:19402 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("fresh"))')"
curl -s http://127.0.0.1:19409/metrics | grep -E '^junction_requests_total\{.*route="(discovery|cache)"'

echo "== 3. a answers 429 with Retry-After: 2; it is passed over for 2 s, then tried again"
chat busy-1
curl -s http://127.0.0.1:19409/backends | python3 -c 'import json,sys; [print(" ", b["name"], b["health"].get("cooling")) for b in json.load(sys.stdin)]'
chat busy-2
echo "  a got busy-2? $(curl -s 127.0.0.1:19401 | python3 -c 'import json,sys; print("yes" if "busy-2" in json.load(sys.stdin) else "no, passed over")')"
sleep 2.2
chat busy-3
echo "  a got busy-3 after the 2 s? $(curl -s 127.0.0.1:19401 | python3 -c 'import json,sys; print("yes" if "busy-3" in json.load(sys.stdin) else "no")')"
