#!/usr/bin/env python3
"""Per-round ratios of a bench/run.sh results file with a 'compare' Junction (BENCH_COMPARE_JAR):
junction/compare requests per second, CPU per request and p99, round by round from the same sitting,
as medians with the rounds where junction was ahead. Usage: bench/ab-ratios.py bench/results/<run>.md"""
import re
import statistics
import sys

rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'^\| (\w+) \| (junction|compare) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|', line)
    if m:
        scenario, target, rnd, rps, _p50, p99, cpu = m.groups()
        rows.setdefault(scenario, {}).setdefault(int(rnd), {})[target] = (float(rps), float(p99), float(cpu))
for scenario, rounds in rows.items():
    both = [r for r in rounds.values() if 'junction' in r and 'compare' in r]
    rps = [r['junction'][0] / r['compare'][0] for r in both]
    p99 = [r['junction'][1] / r['compare'][1] for r in both]
    cpu = [r['junction'][2] / r['compare'][2] for r in both]
    print(f"{scenario}: requests/s junction/compare median {statistics.median(rps):.3f} "
          f"(ahead in {sum(x > 1 for x in rps)} of {len(rps)} rounds), CPU/request {statistics.median(cpu):.3f}, "
          f"p99 {statistics.median(p99):.3f}")
