#!/usr/bin/env bash
# Shows #22 with the shaded jar and two small Python model servers on loopback: a chat request
# routed by the backends' own model lists with no probe; a model appearing on a backend after a
# refresh; a rule on a header; an aliased model rewritten on the wire (the body the backend got is
# printed), and one added at runtime through the admin API.
# Usage: ./mvnw -B -q package -DskipTests && examples/catalog-demo.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
cd "$dir"
trap 'kill $(cat *.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$dir"' EXIT

# A model server: GET /models lists the ids in the file "<name>.models" (one per line); a POST is
# answered with the body it received, byte for byte, and counted per model (GET /counts).
cat > backend.py <<'EOF'
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
name, port = sys.argv[1], int(sys.argv[2])
counts, lock = {}, threading.Lock()
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        if self.path == "/models":
            ids = [l.strip() for l in open(name + ".models") if l.strip()]
            return self.answer(200, json.dumps({"object": "list", "data": [{"id": i, "object": "model"} for i in ids]}).encode())
        with lock: self.answer(200, json.dumps(counts).encode())
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        model = json.loads(raw or b"{}").get("model", "")
        with lock: counts[model] = counts.get(model, 0) + 1
        ids = [l.strip() for l in open(name + ".models") if l.strip()]
        if model not in ids:
            return self.answer(404, json.dumps({"error": {"code": "model_not_found", "message": name + " has no " + model}}).encode())
        self.answer(200, json.dumps({"backend": name, "received": raw.decode()}).encode())
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
EOF
printf 'llama-3.1-8b\n' > a.models
printf 'qwen-2.5-72b\n' > b.models
python3 backend.py a 19501 & echo $! > a.pid
python3 backend.py b 19502 & echo $! > b.pid
cat > junction.yaml <<'EOF'
junction:
  listen: 127.0.0.1:19500
  admin: {listen: 127.0.0.1:19509, token: demo-token}
  backends: {llm-a: "http://127.0.0.1:19501", llm-b: "http://127.0.0.1:19502"}
  cache: {store: memory}
  models: {backends: [llm-a, llm-b], refresh: 1s}
  routes:
    - {id: beta-testers, path: /v1/chat/completions, headers: {x-channel: beta}, backend: llm-b}
  model_aliases:
    gpt-4o: {backend: llm-a, model: llama-3.1-8b}
EOF
java -jar "$root/target/junction.jar" serve --config junction.yaml --decision-header 2> junction.log & echo $! > j.pid
for _ in $(seq 100); do curl -sf http://127.0.0.1:19509/health >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1.5 # the first catalogs
chat() { curl -s -w "\n  -> %{http_code} %header{x-junction-decision}\n" -X POST http://127.0.0.1:19500/v1/chat/completions \
  -H 'Content-Type: application/json' "${@:2}" -d "$1"; echo; }
counts() { echo "  chats seen: llm-a $(curl -s 127.0.0.1:19501/counts), llm-b $(curl -s 127.0.0.1:19502/counts)"; }

echo "== 1. qwen-2.5-72b is in llm-b's own /models: routed there by catalog, llm-a never probed"
chat '{"messages":[{"role":"user","content":"hi"}],"model":"qwen-2.5-72b"}'
counts
echo "== 2. mistral-large appears on llm-a; after the next refresh (1 s) it is routed by catalog"
printf 'llama-3.1-8b\nmistral-large\n' > a.models
sleep 1.5
chat '{"model":"mistral-large","messages":[]}'
echo "== 3. a rule on a header: x-channel: beta goes to llm-b"
chat '{"model":"qwen-2.5-72b","messages":[]}' -H 'x-channel: beta'
echo "== 4. the alias gpt-4o is rewritten on the wire to llama-3.1-8b (only those bytes; see 'received')"
chat '{"model" :  "gpt-4o", "messages":[{"role":"user","content":"are you gpt-4o?"}]}'
echo "== 5. an alias added at runtime, then the merged model list"
curl -s -X POST http://127.0.0.1:19509/model-aliases -H 'Authorization: Bearer demo-token' \
  -H 'Content-Type: application/json' -d '{"name":"team/chat","model":"qwen-2.5-72b"}'; echo
chat '{"model":"team/chat","messages":[]}'
curl -s http://127.0.0.1:19500/models | python3 -c 'import json,sys; print("  /models:", [d["id"] for d in json.load(sys.stdin)["data"]])'
