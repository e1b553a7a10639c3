#!/usr/bin/env bash
# Builds the parser and the JMH suite, then measures each parser stage in MB/s of audit.log, single thread.
# usage: bench/run-parse.sh [LOG]   LOG: a file or an audit log directory (default: a synthetic 64 MB sample)
# env: SAMPLE_MB (in-memory sample for the per-stage benchmarks, default 128), JMH_ARGS (JMH run options, replacing the default
#      "-f 1 -t 1 -wi 2 -w 5s -i 3 -r 5s"),
#      STAGES (regex of benchmarks, default all), BENCH_JAR (run this benchmarks jar instead of building one,
#      e.g. to compare against a copy built from an older parser)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
log=${1:-}
[ -z "$log" ] || log=$(realpath "$log")
cd "$root"
jar=${BENCH_JAR:-}
if [ -z "$jar" ]; then
    ./mvnw -q -pl parser install -DskipTests
    ./mvnw -q -f bench/pom.xml package
    jar=bench/target/benchmarks.jar
fi
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[ -x "$java" ] || java=java
out=$(mktemp --suffix=.json)
# 2 shared cores: one fork, one benchmark thread; a pass over 1 GB takes seconds, so few long iterations.
params=(-p sampleMb="${SAMPLE_MB:-128}")
[ -z "$log" ] || params+=(-p log="$log")
log_out=$(mktemp)
"$java" -jar "$jar" "ParseBench\.(${STAGES:-.*})$" "${params[@]}" \
    ${JMH_ARGS:--f 1 -t 1 -wi 2 -w 5s -i 3 -r 5s} -rf json -rff "$out" >"$log_out" 2>&1 || { cat "$log_out"; exit 1; }
grep -E '^(# input|# Benchmark:|# Warmup Iteration|Iteration|# cpu-mb/s|Benchmark|ParseBench)' "$log_out" || true
echo
echo "MB/s of input, single thread: wall clock (JMH mean ± 99.9% CI half-width) and per CPU-second of the"
echo "benchmark thread (mean of the measurement iterations; robust to neighbours on a shared machine):"
python3 - "$out" "$log_out" <<'PY2'
import json, re, sys
cpu, bench = {}, None
for line in open(sys.argv[2]):
    m = re.match(r"# Benchmark: .*\.(\w+)$", line)
    if m:
        bench = m.group(1); cpu[bench] = []
    m = re.match(r"# cpu-mb/s ([0-9.]+)", line)
    if m and bench:
        cpu[bench].append(float(m.group(1)))
for b in json.load(open(sys.argv[1])):
    name = b["benchmark"].rsplit(".", 1)[1]
    m = b["secondaryMetrics"].get("mb")
    n = b["measurementIterations"]
    c = cpu.get(name, [])[-n:]
    if m:
        print("  %-14s wall %8.1f ± %-8.1f cpu %8.1f" % (name, float(m["score"]), float(m["scoreError"]), sum(c) / len(c) if c else float("nan")))
PY2
rm -f "$out" "$log_out"
