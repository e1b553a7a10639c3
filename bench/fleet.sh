#!/usr/bin/env bash
# auditq fleet in local mode against the single-host one-shot, in one run: wall time and peak RSS (GNU time).
#
# usage: bench/fleet.sh
#   1. 1,000 hosts of ~1 MB each: auditq fleet destinations ROOT --format csv (Spark's start included)
#   2. 20 hosts of ~50 MB each:  auditq fleet destinations ROOT --format csv, beside
#                                auditq connections HOST --format csv for each of the 20 hosts, summed
# The logs are synthetic (bench/destinations.py: socket()+connect() pairs modelled on auditd 3.0.9's records,
# RAW, 500 destinations per host); each size is generated once into BENCH_DIR and hard-linked into every host
# directory (the same bytes for every host: the work per host is what is measured). Prints a markdown table on
# stdout, progress on stderr.
#
# Environment: AUDITQ (default: this checkout's ./auditq), BENCH_DIR (default /tmp/auditq-fleet-bench; kept for
# later runs), SMALL_HOSTS (1000), BIG_HOSTS (20), MASTER (local[*]), ONLY_SMALL=1 (step 1 alone).
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
AUDITQ=${AUDITQ:-$root/auditq}
BENCH_DIR=${BENCH_DIR:-/tmp/auditq-fleet-bench}
SMALL_HOSTS=${SMALL_HOSTS:-1000}
BIG_HOSTS=${BIG_HOSTS:-20}
MASTER=${MASTER:-local[*]}
[[ -x /usr/bin/time ]] || { echo "fleet.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

# a log of about $2 MB (1.4 KB per connect with both events) for node $1
gen() {
  local out=$BENCH_DIR/$1.log events=$(($2 * 1000 * 1000 / 1065)) # a RAW connect with its socket(): ~1,065 bytes
  [[ -f $out ]] || python3 "$here/destinations.py" --events "$events" --destinations 500 --format raw \
    --node bench --out "$out" >&2
  echo "$out"
}

fleet_of() { # dir hosts log
  local dir=$1 n=$2 log=$3 i
  [[ -d $dir && $(find "$dir" -mindepth 1 -maxdepth 1 | wc -l) -eq $n ]] && return 0
  rm -rf "$dir"
  for ((i = 1; i <= n; i++)); do
    mkdir -p "$dir/host$(printf %04d "$i")"
    ln "$log" "$dir/host$(printf %04d "$i")/audit.log"
  done
}

# runs a command, prints "wall_s peak_rss_mb cpu_s" (CPU: user + system; its stderr is kept in BENCH_DIR/last.err)
measure() {
  local t0 t1
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M %U %S' -o "$BENCH_DIR/time.out" "$@" >/dev/null 2>"$BENCH_DIR/last.err" || true
  t1=$EPOCHREALTIME
  tail -1 "$BENCH_DIR/time.out" | awk -v a="$t0" -v b="$t1" '{ printf "%.1f %d %.1f\n", b - a, $1 / 1024, $2 + $3 }'
}

mkdir -p "$BENCH_DIR"
echo "fleet.sh: generating logs in $BENCH_DIR (once) ..." >&2
small=$(gen small 1)
big=$(gen big 50)
fleet_of "$BENCH_DIR/small" "$SMALL_HOSTS" "$small"
fleet_of "$BENCH_DIR/big" "$BIG_HOSTS" "$big"
"$AUDITQ" --version >/dev/null   # builds the single-host jar if needed, outside the timings
"$AUDITQ" fleet --version >/dev/null 2>&1 || true

echo "| run | wall s | peak RSS MB | CPU s |"
echo "|---|---:|---:|---:|"
echo "fleet.sh: $SMALL_HOSTS hosts of $(($(stat -c %s "$small") / 1000)) kB ..." >&2
read -r w m c < <(measure "$AUDITQ" fleet destinations "$BENCH_DIR/small" --format csv --master "$MASTER")
echo "| fleet destinations, $SMALL_HOSTS hosts x $(($(stat -c %s "$small") / 1000)) kB | $w | $m | $c |"
echo "fleet.sh: $BIG_HOSTS hosts of $(($(stat -c %s "$big") / 1000000)) MB ..." >&2
[[ ${ONLY_SMALL-} ]] && exit 0
read -r w m c < <(measure "$AUDITQ" fleet destinations "$BENCH_DIR/big" --format csv --master "$MASTER")
echo "| fleet destinations, $BIG_HOSTS hosts x $(($(stat -c %s "$big") / 1000000)) MB | $w | $m | $c |"
read -r w m c < <(measure "$AUDITQ" fleet connections "$BENCH_DIR/big" --format csv --master "$MASTER")
echo "| fleet connections, $BIG_HOSTS hosts x $(($(stat -c %s "$big") / 1000000)) MB | $w | $m | $c |"
sum=0 peak=0 cpu=0
for d in "$BENCH_DIR"/big/*/; do
  read -r w m c < <(measure "$AUDITQ" connections "$d" --format csv)
  sum=$(awk -v a="$sum" -v b="$w" 'BEGIN { printf "%.1f", a + b }')
  cpu=$(awk -v a="$cpu" -v b="$c" 'BEGIN { printf "%.1f", a + b }')
  ((m > peak)) && peak=$m
done
echo "| auditq connections (one-shot) per host, summed over $BIG_HOSTS hosts | $sum | $peak (max) | $cpu |"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
