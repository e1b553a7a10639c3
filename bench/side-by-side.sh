#!/usr/bin/env bash
# auditq beside grep, ausearch and aureport on the same audit logs, in one run: wall time, ratio to
# `grep -c 'syscall=42 '` and peak memory (max RSS) of every process; then checks that the one-shot answer equals
# the answer of the case database.
#
# usage: bench/side-by-side.sh [LOG_DIR_OR_FILES...]
#   A directory means its audit.log and rotations, oldest first (auditq gets the directory itself; grep, ausearch and
#   aureport get the same files). Without arguments: /tmp/auditq-big/logs, recorded first if it does not exist with
#     flock /run/lock/auditq-kernel.lock ../shared/tools/record-big-log.sh /tmp/auditq-big 1000
#   (root, about 2 minutes; its two workloads both bind 127.0.0.1:18080, so the second dies with "Address already in
#   use" and the log comes from one workload process).
#
# Steps (each timed with /usr/bin/time -f '%e %M %U %S': peak RSS and CPU (user + system) of the process; the wall
# column is bash's EPOCHREALTIME around it, to the ms, since %e's 10 ms is coarse beside grep on 100 MB):
#   1. grep -c 'syscall=42 ' FILES, twice; the second (warm page cache) run is the baseline
#   2. auditq connections INPUT --format csv --include-loopback           (one-shot; CSV kept in OUT_DIR)
#   3. auditq ingest INPUT --db CASE         (fresh case in a temp dir; events/s from its "N events loaded" line,
#                                             which auditq 0.1.0 prints on stdout, not stderr: both are read)
#   4. auditq connections --db CASE --format csv --include-loopback         (canned query on the case), and
#      auditq --version (JVM start, median of 3) to print query minus startup; then the default listing of the
#      last 10 minutes of the log: auditq connections --db CASE --now log-end --since 10m
#   5. ausearch -if ALL -sc connect -i and aureport -if ALL --summary, where ALL is the inputs concatenated oldest
#      first into one temp file (ausearch -if reads one file); the copy is not timed
#   6. the one-shot CSV must equal the case query's CSV: MATCH, or DIFFER with the diff's head and exit status 3
# Prints a markdown table (tool, wall s, x grep, peak RSS MB, CPU s) and a line of machine facts (nproc, load
# average, the launcher's JDK) on stdout, also saved as OUT_DIR/report.md; progress goes to stderr. The CPU column
# matters on a shared machine: the wall clock also measures the neighbours. Exit status: 0, 3 on DIFFER, 1 when a
# command failed or the destinations check counted the wrong number of destinations, 2 on a usage error.
# On a single 100 MB rotation auditq's ratio to grep is dominated by its fixed cost (JVM start, JIT, H2 set-up:
# ~3 s of a 4 s one-shot, +1 s per further 100 MB); compare ratios only between runs on the same input.
#
# Environment:
#   AUDITQ=path        the auditq launcher (default: this checkout's ./auditq); AUDITQ_JAVA_OPTS passes through to it
#   OUT_DIR=dir        where the CSVs, stderr logs and report.md go (default: a new /tmp/auditq-side-by-side.XXXXXX)
#   SKIP_AUSEARCH=1    skip ausearch (about 5 minutes on 1 GB) and, unless SKIP_AUREPORT=0, aureport --summary (slower
#                      still: 55-70 s on one 100 MB rotation); SKIP_AUREPORT=1 skips aureport alone
#   SKIP_MAIN=1        skip steps 1-6 (e.g. to run only the destinations section)
#   DESTINATIONS=1     also the distinct-destinations scaling check (bench/destinations.py): `auditq connections
#                      FILE --summary` on DEST_EVENTS connects (default 2000000) to 100 vs DEST_MANY (default
#                      1000000) destinations; and `timeout AUR_TIMEOUT aureport -if FILE --host` (a line per event) and
#                      `... --host --summary` (events per host: the report that groups, quadratic in the hosts; 20,000
#                      connects to 10,000 hosts take 95 s against 0.4 s for 100 hosts), default timeout 300 s, plus
#                      auditq, on AUR_EVENTS connects (default 200000) to 100 vs AUR_MANY (default 100000) destinations.
#                      With auditq 0.1.0 the default sizes take long: one-shot connections costs ~50 us of CPU per
#                      connect, and 1M destinations took 87 s and 2.8 GB per the project notes.
#                      The generated logs (1.4 KB per connect: 2.8 GB per 2M) are kept in DEST_DIR
#                      (default /tmp/auditq-dest) and reused by later runs; DEST_CLEAN=1 deletes them at the end.
#   TMPDIR             where the case database and the concatenated copy go (as big as the input)
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
AUDITQ=${AUDITQ:-$root/auditq}
[[ -x $AUDITQ ]] || { echo "side-by-side: AUDITQ=$AUDITQ is not executable" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "side-by-side: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/auditq-sbs-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/auditq-side-by-side.XXXXXX)}
mkdir -p "$OUT_DIR"
report=$OUT_DIR/report.md
: >"$report"

say() { printf '%s\n' "$*" >&2; }                    # progress, on stderr
out() { printf '%s\n' "$*" | tee -a "$report"; }     # the report, on stdout and in report.md

# measure OUTFILE ERRFILE CMD...: runs CMD under /usr/bin/time; sets M_WALL (s, 3 decimals, from EPOCHREALTIME),
# M_E (time's %e), M_RSS (MB, 1 decimal), M_CPU (user + system s) and M_RC (CMD's exit status; 124 = timeout).
measure() {
  local o=$1 e=$2 tf=$work/time.out t0 t1 line
  shift 2
  t0=$EPOCHREALTIME
  if /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$o" 2>"$e"; then M_RC=0; else M_RC=$?; fi
  t1=$EPOCHREALTIME
  line=$(tail -n 1 "$tf")
  read -r M_E M_RSS M_CPU < <(awk '{ printf "%s %.1f %.2f\n", $1, $2 / 1024, $3 + $4 }' <<<"$line")
  M_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

fmt_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
fmt_int() { printf '%s' "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }

# The JDK the launcher uses: the checkout's .mvn/find-jdk.sh decides it (JAVA_HOME, java on PATH, /usr/lib/jvm…).
java_facts() {
  local aq_root jh
  aq_root=$(cd "$(dirname "$(readlink -f "$AUDITQ")")" && pwd)
  if [[ -r $aq_root/.mvn/find-jdk.sh ]]; then
    jh=$( (. "$aq_root/.mvn/find-jdk.sh" >/dev/null 2>&1 && printf '%s' "$JAVA_HOME") || true)
  fi
  if [[ -n ${jh:-} ]]; then
    printf '%s (%s); %s' "$("$jh/bin/java" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//; s/  */ /g')" "$jh/bin/java" "$aq_version"
  else  # not a checkout's launcher: only the JVM it reports itself
    printf '%s' "$aq_version"
  fi
}

machine_facts() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  printf 'nproc %s (%s, %s RAM); load average %s; JDK: %s; AUDITQ_JAVA_OPTS=%s' \
    "$(nproc)" "${cpu:-?}" "${mem:-?}" "$(cut -d' ' -f1-3 /proc/loadavg)" "$java_v" "${AUDITQ_JAVA_OPTS:-(none)}"
}

# A directory's audit logs in the order auditq reads them (LogInputs.rotations): audit.log-DATE ascending, then
# audit.log.N descending, then audit.log; each may end in .gz.
expand_inputs() {
  local a f b
  for a in "$@"; do
    if [[ -d $a ]]; then
      local dated=() numbered=() plain=()
      for f in "$a"/audit.log*; do
        [[ -f $f ]] || continue
        b=${f##*/}
        if [[ $b =~ ^audit\.log-([0-9]{8,14})(\.gz)?$ ]]; then dated+=("${BASH_REMATCH[1]} $f")
        elif [[ $b =~ ^audit\.log\.([0-9]+)(\.gz)?$ ]]; then numbered+=("${BASH_REMATCH[1]} $f")
        elif [[ $b =~ ^audit\.log(\.gz)?$ ]]; then plain+=("$f")
        fi
      done
      if ((${#dated[@]})); then printf '%s\n' "${dated[@]}" | sort -n | cut -d' ' -f2-; fi
      if ((${#numbered[@]})); then printf '%s\n' "${numbered[@]}" | sort -rn | cut -d' ' -f2-; fi
      if ((${#plain[@]})); then printf '%s\n' "${plain[@]}"; fi
    else
      printf '%s\n' "$a"
    fi
  done
}

# --- the rows of the main table -------------------------------------------------------------------------------
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | ${5:-} |"); }   # tool, wall s, x grep, peak RSS MB, CPU s

say "== warming up the launcher (builds $AUDITQ's jar if it is stale; not timed)"
aq_version=$("$AUDITQ" --version | tr '\n' ' ' | sed 's/ *$//; s/  */ /g')
java_v=$(java_facts)

status=0
SKIP_AUSEARCH=${SKIP_AUSEARCH:-0}
SKIP_AUREPORT=${SKIP_AUREPORT:-$SKIP_AUSEARCH}
if [[ ${SKIP_MAIN:-0} != 1 ]]; then
  inputs=("$@")
  if ((${#inputs[@]} == 0)); then
    if [[ ! -d /tmp/auditq-big/logs ]]; then
      rec=${SHARED_DIR:-$root/../shared}/tools/record-big-log.sh
      [[ -x $rec ]] || { echo "side-by-side: no input given, no /tmp/auditq-big/logs and no $rec to record one" >&2; exit 2; }
      say "== recording a 1 GB real audit log into /tmp/auditq-big (root, ~2 min; the recorder's second workload"
      say "   dies on port 18080, so the log comes from one workload)"
      flock /run/lock/auditq-kernel.lock "$rec" /tmp/auditq-big 1000 >&2
    fi
    inputs=(/tmp/auditq-big/logs)
  fi
  mapfile -t files < <(expand_inputs "${inputs[@]}")
  ((${#files[@]})) || { echo "side-by-side: no audit.log files in ${inputs[*]}" >&2; exit 2; }
  bytes=0 gz=0
  for f in "${files[@]}"; do
    [[ -f $f && -r $f ]] || { echo "side-by-side: $f: not a readable file" >&2; exit 2; }
    bytes=$((bytes + $(stat -c %s "$f")))
    [[ $f != *.gz ]] || gz=1
  done
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  say "== input: ${inputs[*]} -> ${#files[@]} file(s), $mb MB"
  grep_cmd=(grep -c -h 'syscall=42 ')
  ((gz == 0)) || grep_cmd=(zgrep -c -h 'syscall=42 ')

  # 1. grep, twice; the second run (warm cache) is the baseline
  measure "$OUT_DIR/grep.out" "$OUT_DIR/grep.err" "${grep_cmd[@]}" "${files[@]}"
  say "   grep -c (1st, cold?): ${M_WALL} s"
  measure "$OUT_DIR/grep.out" "$OUT_DIR/grep.err" "${grep_cmd[@]}" "${files[@]}"
  grep_wall=$M_WALL
  connects=$(awk '{ s += $1 } END { print s + 0 }' "$OUT_DIR/grep.out")
  say "   grep -c (2nd, warm): ${grep_wall} s (CPU ${M_CPU} s), $connects lines"
  row "\`${grep_cmd[0]} -c 'syscall=42 '\` (warm, 2nd run)" "$grep_wall" "1.0" "$M_RSS" "$M_CPU"

  # 2. one-shot connections
  say "== auditq connections (one-shot)"
  measure "$OUT_DIR/oneshot.csv" "$OUT_DIR/oneshot.err" "$AUDITQ" connections "${inputs[@]}" --format csv --include-loopback
  ((M_RC == 0)) || { cat "$OUT_DIR/oneshot.err" >&2; echo "side-by-side: one-shot connections failed ($M_RC)" >&2; exit 1; }
  oneshot_wall=$M_WALL
  say "   ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB"
  row "\`auditq connections --format csv --include-loopback\` one-shot" "$M_WALL" "$(fmt_ratio "$M_WALL" "$grep_wall")" "$M_RSS" "$M_CPU"

  # 3. ingest into a fresh case
  say "== auditq ingest"
  case_db=$work/case
  measure "$OUT_DIR/ingest.out" "$OUT_DIR/ingest.err" "$AUDITQ" ingest "${inputs[@]}" --db "$case_db"
  ((M_RC == 0)) || { cat "$OUT_DIR/ingest.err" >&2; echo "side-by-side: ingest failed ($M_RC)" >&2; exit 1; }
  ingest_wall=$M_WALL
  # "N events loaded (...)": on stdout in auditq 0.1.0 (the issue expected stderr), so both are read
  events=$(cat "$OUT_DIR/ingest.out" "$OUT_DIR/ingest.err" | sed -n 's/^\([0-9][0-9,]*\) events loaded.*/\1/p' | tr -d , | tail -n 1)
  events=${events:-0}
  eps=$(awk -v n="$events" -v t="$ingest_wall" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }')
  case_mb=$(du -m "$case_db".mv.db 2>/dev/null | cut -f1 || echo '?')
  say "   ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB, $events events, $eps events/s, case ${case_mb} MB"
  row "\`auditq ingest --db\` ($(fmt_int "$events") events, $(fmt_int "$eps") events/s, case ${case_mb} MB)" \
    "$M_WALL" "$(fmt_ratio "$M_WALL" "$grep_wall")" "$M_RSS" "$M_CPU"

  # 4. the canned query on the case, and the JVM's start
  say "== auditq connections --db (canned query)"
  measure "$OUT_DIR/query.csv" "$OUT_DIR/query.err" "$AUDITQ" connections --db "$case_db" --format csv --include-loopback
  ((M_RC == 0)) || { cat "$OUT_DIR/query.err" >&2; echo "side-by-side: query on the case failed ($M_RC)" >&2; exit 1; }
  query_wall=$M_WALL query_rss=$M_RSS query_cpu=$M_CPU
  say "   ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB"
  starts=()
  for _ in 1 2 3; do
    measure "$work/version.out" "$work/version.err" "$AUDITQ" --version
    starts+=("$M_WALL $M_RSS $M_CPU")
  done
  read -r start_wall start_rss start_cpu < <(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)
  say "   auditq --version (median of 3): ${start_wall} s"
  net=$(awk -v a="$query_wall" -v b="$start_wall" 'BEGIN { printf "%.3f", a - b }')
  row "\`auditq connections --db CASE\` (query; wall includes JVM start)" "$query_wall" "$(fmt_ratio "$query_wall" "$grep_wall")" "$query_rss" "$query_cpu"
  row "\`auditq --version\` (JVM start, median of 3)" "$start_wall" "$(fmt_ratio "$start_wall" "$grep_wall")" "$start_rss" "$start_cpu"
  row "query minus JVM start" "$net" "$(fmt_ratio "$net" "$grep_wall")" "–" \
    "$(awk -v a="$query_cpu" -v b="$start_cpu" 'BEGIN { printf "%.2f", a - b }')"
  # the responder's usual question: the default listing (tcp, loopback hidden) for the last minutes of the log
  measure "$OUT_DIR/query-10m.csv" "$OUT_DIR/query-10m.err" "$AUDITQ" connections --db "$case_db" --now log-end \
    --since 10m --format csv
  ((M_RC == 0)) || { cat "$OUT_DIR/query-10m.err" >&2; echo "side-by-side: query on the case failed ($M_RC)" >&2; exit 1; }
  say "   --now log-end --since 10m: ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB"
  row "\`auditq connections --db CASE --now log-end --since 10m\` (default listing)" "$M_WALL" \
    "$(fmt_ratio "$M_WALL" "$grep_wall")" "$M_RSS" "$M_CPU"

  # 5. ausearch and aureport read one file: the inputs concatenated, oldest first
  if [[ $SKIP_AUSEARCH != 1 || $SKIP_AUREPORT != 1 ]]; then
    if ((${#files[@]} == 1 && gz == 0)); then
      all=${files[0]}
    else
      all=$work/all.log
      say "== concatenating ${#files[@]} files oldest first into $all (not timed)"
      if ((gz)); then zcat -f -- "${files[@]}" >"$all"; else cat -- "${files[@]}" >"$all"; fi
    fi
    if [[ $SKIP_AUSEARCH != 1 ]]; then
      say "== ausearch -if FILE -sc connect -i (slow: ~30 s per 100 MB)"
      measure "$work/ausearch.out" "$OUT_DIR/ausearch.err" ausearch -if "$all" -sc connect -i
      matched=$(grep -c '^----' "$work/ausearch.out" || true)
      rm -f "$work/ausearch.out"
      note=""
      ((M_RC == 0)) || note=", exit $M_RC"
      say "   ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB, $matched events$note"
      row "\`ausearch -if FILE -sc connect -i\` ($(fmt_int "$matched") events$note)" "$M_WALL" "$(fmt_ratio "$M_WALL" "$grep_wall")" "$M_RSS" "$M_CPU"
    else
      row "\`ausearch -if FILE -sc connect -i\`" "skipped (SKIP_AUSEARCH=1)" "" ""
    fi
    if [[ $SKIP_AUREPORT != 1 ]]; then
      say "== aureport -if FILE --summary"
      measure "$OUT_DIR/aureport-summary.txt" "$OUT_DIR/aureport.err" aureport -if "$all" --summary
      note=""
      ((M_RC == 0)) || note=" (exit $M_RC)"
      say "   ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB$note"
      row "\`aureport -if FILE --summary\`$note" "$M_WALL" "$(fmt_ratio "$M_WALL" "$grep_wall")" "$M_RSS" "$M_CPU"
    fi
    [[ $all != "$work/all.log" ]] || rm -f "$all"
  fi
  if [[ $SKIP_AUSEARCH == 1 && $SKIP_AUREPORT == 1 ]]; then
    row "\`ausearch -if FILE -sc connect -i\`" "skipped (SKIP_AUSEARCH=1)" "" ""
  fi
  [[ $SKIP_AUREPORT != 1 ]] || row "\`aureport -if FILE --summary\`" "skipped (SKIP_AUREPORT=1)" "" ""

  # 6. one-shot == case
  rows_oneshot=$(($(wc -l <"$OUT_DIR/oneshot.csv") - 1))
  rows_query=$(($(wc -l <"$OUT_DIR/query.csv") - 1))
  if cmp -s "$OUT_DIR/oneshot.csv" "$OUT_DIR/query.csv"; then
    verdict="MATCH: one-shot CSV = case query CSV ($rows_oneshot rows, $(wc -c <"$OUT_DIR/oneshot.csv") bytes)"
  else
    verdict="DIFFER: one-shot CSV ($rows_oneshot rows) != case query CSV ($rows_query rows)"
    status=3
  fi

  out ""
  out "### auditq side by side: ${inputs[*]} ($(fmt_int "$bytes") bytes in ${#files[@]} file(s), $(fmt_int "$connects") \`syscall=42 \` lines)"
  out ""
  out "| tool | wall s | × grep | peak RSS MB | CPU s |"
  out "|---|---:|---:|---:|---:|"
  for r in "${ROWS[@]}"; do out "$r"; done
  out ""
  out "Machine: $(machine_facts)."
  out "auditq one-shot: $(grep -h 'unique outbound destinations' "$OUT_DIR/oneshot.err" | tail -n 1 | sed 's/^auditq: //')"
  out "auditq --db:     $(grep -h 'unique outbound destinations' "$OUT_DIR/query.err" | tail -n 1 | sed 's/^auditq: //')"
  out "$verdict"
  if ((status)); then
    out '```'
    { diff "$OUT_DIR/oneshot.csv" "$OUT_DIR/query.csv" || true; } | head -n 20 | tee -a "$report"
    echo '```' | tee -a "$report"
  fi
  out "Files: $OUT_DIR (oneshot.csv, query.csv, *.err, report.md)"
fi

# --- the distinct-destinations scaling check -------------------------------------------------------------------
if [[ ${DESTINATIONS:-0} == 1 ]]; then
  DEST_DIR=${DEST_DIR:-/tmp/auditq-dest}
  mkdir -p "$DEST_DIR"
  # gen N D: prints the path of a log of N connects to D destinations, generating it unless a finished one exists
  gen() {
    local f=$DEST_DIR/connects-$1-destinations-$2.log
    if [[ ! -f $f.done ]]; then
      say "== generating $f"
      rm -f "$f"
      python3 "$here/destinations.py" --events "$1" --destinations "$2" --out "$f" >&2
      touch "$f.done"
    fi
    printf '%s' "$f"
  }
  DROWS=()
  drow() { DROWS+=("| $1 | $(fmt_int "$2") | $(fmt_int "$3") | $4 | $5 | $6 | $7 |"); }
  # auditq_summary FILE N D: times `auditq connections FILE --summary` (and grep -c on FILE); sets AQ_WALL
  auditq_summary() {
    local f=$1 n=$2 d=$3 line ok g
    measure "$work/dest.out" "$work/dest.err" grep -c 'syscall=42 ' "$f"
    g=$M_WALL
    measure "$work/dest.out" "$work/dest.err" "$AUDITQ" connections "$f" --summary
    line=$(cat "$work/dest.out" "$work/dest.err" | grep 'unique outbound destinations' | tail -n 1 | sed 's/^auditq: //' || true)
    if ((M_RC != 0)); then ok="FAILED (exit $M_RC): $(tail -n 2 "$work/dest.err" | tr '\n' ' ')"; status=1
    elif [[ $line == "$d unique outbound destinations"* ]]; then ok="$(fmt_int "$d") unique: ok"
    else ok="expected $d unique, got: $line"; status=1
    fi
    say "   auditq connections --summary, $n connects, $d destinations: ${M_WALL} s (CPU ${M_CPU} s), ${M_RSS} MB ($ok)"
    drow "\`auditq connections FILE --summary\`" "$n" "$d" "$M_WALL" "$M_RSS" "$M_CPU" \
      "$(fmt_ratio "$M_WALL" "$g")× grep ($g s); $ok"
    AQ_WALL=$M_WALL
  }
  # aureport_host FILE N D ARGS...: times `timeout AUR_TIMEOUT aureport -if FILE ARGS`; sets AUR_WALL ("> T" on timeout)
  aureport_host() {
    local f=$1 n=$2 d=$3 t=${AUR_TIMEOUT:-300} w note
    shift 3
    measure "$work/aur.out" "$work/aur.err" timeout "$t" aureport -if "$f" "$@"
    w=$M_WALL note="exit $M_RC"
    if ((M_RC == 124)); then w="> $t" note="killed by timeout $t"; fi
    ((M_RC != 0)) || note="$(fmt_int "$(wc -l <"$work/aur.out")") lines of report"
    say "   aureport $*, $n connects, $d destinations: $w s (CPU ${M_CPU} s), ${M_RSS} MB ($note)"
    drow "\`timeout $t aureport -if FILE $*\`" "$n" "$d" "$w" "$M_RSS" "$M_CPU" "$note"
    AUR_WALL=$w
  }
  # "X× the time of 100", or "did not finish in T s" when the many-destinations run timed out
  scaling() {
    if [[ $2 == ">"* ]]; then printf 'did not finish in %s s (100 destinations: %s s)' "${2#> }" "$1"
    else printf 'take %s× the time of 100 (%s s vs %s s)' "$(fmt_ratio "$2" "$1")" "$2" "$1"
    fi
  }

  n=${DEST_EVENTS:-2000000} many=${DEST_MANY:-1000000}
  f_few=$(gen "$n" 100)
  f_many=$(gen "$n" "$many")
  say "== auditq connections FILE --summary: $n connects, 100 vs $many destinations"
  auditq_summary "$f_few" "$n" 100; few_wall=$AQ_WALL
  auditq_summary "$f_many" "$n" "$many"; many_wall=$AQ_WALL
  an=${AUR_EVENTS:-200000} amany=${AUR_MANY:-100000}
  a_few=$(gen "$an" 100)
  a_many=$(gen "$an" "$amany")
  say "== aureport --host (a line per event) and --host --summary (hosts grouped), and auditq: $an connects, 100 vs $amany destinations"
  aureport_host "$a_few" "$an" 100 --host; aurl_few=$AUR_WALL
  aureport_host "$a_many" "$an" "$amany" --host; aurl_many=$AUR_WALL
  aureport_host "$a_few" "$an" 100 --host --summary; aurs_few=$AUR_WALL
  aureport_host "$a_many" "$an" "$amany" --host --summary; aurs_many=$AUR_WALL
  auditq_summary "$a_few" "$an" 100; aq_few=$AQ_WALL
  auditq_summary "$a_many" "$an" "$amany"; aq_many=$AQ_WALL

  out ""
  out "### Distinct destinations (bench/destinations.py: synthetic ENRICHED log, socket() + connect() per attempt, 5 pids)"
  out ""
  out "| tool | connects | destinations | wall s | peak RSS MB | CPU s | note |"
  out "|---|---:|---:|---:|---:|---:|---|"
  for r in "${DROWS[@]}"; do out "$r"; done
  out ""
  out "- auditq connections, $(fmt_int "$n") connects: $(fmt_int "$many") destinations $(scaling "$few_wall" "$many_wall") (goal: ≤ 1×)."
  out "- auditq connections, $(fmt_int "$an") connects: $(fmt_int "$amany") destinations $(scaling "$aq_few" "$aq_many")."
  out "- aureport --host, $(fmt_int "$an") connects: $(fmt_int "$amany") destinations $(scaling "$aurl_few" "$aurl_many")."
  out "- aureport --host --summary, $(fmt_int "$an") connects: $(fmt_int "$amany") destinations $(scaling "$aurs_few" "$aurs_many")."
  out "Machine: $(machine_facts)."
  if [[ ${DEST_CLEAN:-0} == 1 ]]; then
    rm -f "$f_few" "$f_many" "$a_few" "$a_many" "$f_few.done" "$f_many.done" "$a_few.done" "$a_many.done"
  else
    out "Logs kept in $DEST_DIR (reused by the next run; DEST_CLEAN=1 deletes them)."
  fi
fi
exit "$status"
