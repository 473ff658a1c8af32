#!/usr/bin/env bash
# process start to the first proxied 200, in ms
start=$(date +%s%N)
java "$@" -jar /work/main/target/junction.jar serve --config bench/results/startup-lab/j.yaml > bench/results/startup-lab/j.log 2>&1 &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:27201/ 2>/dev/null | grep -q 200; do sleep 0.01; done
end=$(date +%s%N)
echo $(( (end - start) / 1000000 ))
kill $pid; wait $pid 2>/dev/null
