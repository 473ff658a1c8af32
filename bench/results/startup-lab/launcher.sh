#!/usr/bin/env bash
# bin/junction's start-up against java -jar (2026-12-07-launcher-startup.md): on each JDK, five
# interleaved rounds of java -jar, java -XX:+UseSerialGC -jar (the collector alone) and bin/junction
# (collector and class-data archive), each measure.sh's process start to the first proxied 200, after
# one bin/junction start that makes the archive. Run from the repository root after ./mvnw package.
# The machine is shared: a round counts only when no other JVM (a Maven build, its tests) ran at its
# start or end; a round that had company is done again once the machine is quiet.
# JDKs: the arguments, else 17 and 25.
set -euo pipefail
cd "$(dirname "$0")/../../.."
quiet() { ! pgrep -f maven >/dev/null && ! pgrep -x java >/dev/null; }
wait_quiet() { until quiet; do sleep 5; done; }
jdks=("$@")
((${#jdks[@]})) || jdks=(/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64)
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
work=$(mktemp -d)
mkdir -p /tmp/su
nginx -c "$PWD/bench/results/startup-lab/be.conf"
trap 'nginx -s quit -c "$PWD/bench/results/startup-lab/be.conf"; rm -rf "$work"' EXIT
tar -xzf "target/junction-$version.tar.gz" -C "$work"
home=$work/junction-$version
m=bench/results/startup-lab/measure.sh
for jdk in "${jdks[@]}"; do
  export JAVA_HOME=$jdk JUNCTION_STATE_DIR=$work/state-${jdk##*/}
  mkdir -p "$JUNCTION_STATE_DIR"
  echo "$jdk ($("$jdk/bin/java" -version 2>&1 | sed -n 2p)), $(nproc) CPUs"
  wait_quiet
  echo "  bin/junction, first start (makes the archive): $($m -- "$home/bin/junction") ms"
  a=() b=() c=() redone=0
  while ((${#c[@]} < 5)); do
    wait_quiet
    x=$($m -- "$jdk/bin/java" -jar "$home/lib/junction.jar")
    y=$($m -- "$jdk/bin/java" -XX:+UseSerialGC -jar "$home/lib/junction.jar")
    z=$($m -- "$home/bin/junction")
    if quiet; then a+=("$x") b+=("$y") c+=("$z"); else redone=$((redone + 1)); fi
  done
  echo "  rounds done again because another JVM ran: $redone"
  echo "  java -jar:                   ${a[*]} ms"
  echo "  java -XX:+UseSerialGC -jar:  ${b[*]} ms"
  echo "  bin/junction:                ${c[*]} ms"
  echo "  archive: $(cd "$JUNCTION_STATE_DIR" && ls -s --block-size=M junction-*.jsa)"
done
