#!/bin/sh
# Runs the bounded soak (SoakTest) for SECONDS (default 120) and prints its numbers.
# CI runs the same test for 20 s as part of the normal suite.
set -eu
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-120}"
./mvnw -q -B test -Dtest=SoakTest -Djunction.soak.seconds="$SECONDS_TO_RUN"
cat target/soak-report.txt
