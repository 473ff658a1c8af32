#!/bin/sh
# Runs the chaos soak (ChaosSoakTest: hostile backends behind Junction) for SECONDS (default 120)
# and prints its report, also when an invariant broke (the exit status is then Maven's, non-zero).
# CI runs the same test for 20 s as part of the normal suite. Further arguments go to Maven, e.g.
#   bench/chaos.sh 300 -Djunction.random.seed=7 -Djunction.chaos.mix=normal=50,garbage-after=50
set -eu
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-120}"
[ $# -gt 0 ] && shift
mkdir -p target
rm -f target/chaos-report.txt
status=0
./mvnw -q -B test -Dtest='ChaosSoakTest#hostile*' -Djunction.chaos.seconds="$SECONDS_TO_RUN" "$@" >target/chaos-mvn.log 2>&1 || status=$?
if [ -f target/chaos-report.txt ]; then
  cat target/chaos-report.txt
else
  tail -n 40 target/chaos-mvn.log # the run did not get as far as the report (a build error...)
fi
exit "$status"
