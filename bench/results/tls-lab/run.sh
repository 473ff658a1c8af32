#!/usr/bin/env bash
# TLS lab run: Junction on OpenSSL (27101), Junction on the JDK provider (27102), HAProxy (27103),
# each with one thread in front of nginx; interleaved rounds of wrk.
set -u
mode=$1 rounds=$2
for t in 27101 27102 27103; do  # warm-up
  if [[ $mode == close ]]; then wrk -t1 -c16 -d8s -H 'Connection: close' https://127.0.0.1:$t/ >/dev/null; else wrk -t1 -c64 -d8s https://127.0.0.1:$t/ > /dev/null; fi
done
for r in $(seq "$rounds"); do
  for t in 27101 27102 27103; do
    if [[ $mode == close ]]; then out=$(wrk -t1 -c16 -d4s --latency -H 'Connection: close' https://127.0.0.1:$t/); else out=$(wrk -t1 -c64 -d4s --latency https://127.0.0.1:$t/); fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    echo "$mode,$r,$t,$rps,$p99"
  done
done
