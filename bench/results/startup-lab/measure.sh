#!/usr/bin/env bash
# process start to the first proxied 200, in ms. Arguments: JVM options for
# `java ... -jar /work/main/target/junction.jar` (2026-12-07-startup-lab.md), or, after --, the
# command that starts Junction (2026-12-07-launcher-startup.md), e.g.
#   measure.sh -- /tmp/dist/junction-0.1.0-SNAPSHOT/bin/junction
if [[ ${1:-} == -- ]]; then
  shift
  cmd=("$@")
else
  cmd=(java "$@" -jar /work/main/target/junction.jar)
fi
start=$(date +%s%N)
"${cmd[@]}" serve --config bench/results/startup-lab/j.yaml > bench/results/startup-lab/j.log 2>&1 &
pid=$!
until curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:27201/ 2>/dev/null | grep -q 200; do sleep 0.01; done
end=$(date +%s%N)
echo $(( (end - start) / 1000000 ))
kill $pid; wait $pid 2>/dev/null
