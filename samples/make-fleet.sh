#!/usr/bin/env bash
# Makes a small fleet from samples/incident-1 for trying auditq fleet (docs/fleet.md), the way responders collect
# one: DIR/web01 (RAW, its rotation gzipped, passwd and group: uid 1001 is alice), DIR/web02 (ENRICHED, as a
# collected tree: var/log/audit/audit.log, etc/passwd), DIR/web03 (RAW without node=, a passwd where uid 1001 is
# carol), DIR/empty01 (a log without audit records) and DIR/broken01 (a damaged gzip). The same fleet as the tests'.
#
# usage: samples/make-fleet.sh DIR        (DIR must not exist)
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
[[ ! -e $1 ]] || { echo "$0: $1 exists" >&2; exit 2; }
s=$(cd "$(dirname "${BASH_SOURCE[0]}")/incident-1" && pwd)
d=$1
mkdir -p "$d/web01" "$d/web02/var/log/audit" "$d/web02/etc" "$d/web03" "$d/empty01" "$d/broken01"
gzip -c "$s/raw/audit.log.1" >"$d/web01/audit.log.1.gz"
cp "$s/raw/audit.log" "$s/passwd" "$s/group" "$d/web01/"
cp "$s/enriched/audit.log" "$d/web02/var/log/audit/"
cp "$s/passwd" "$d/web02/etc/passwd"
sed 's/node=web01 //' "$s/raw/audit.log.1" >"$d/web03/audit.log.1"
sed 's/node=web01 //' "$s/raw/audit.log" >"$d/web03/audit.log"
sed 's/^alice:x:1001/carol:x:1001/' "$s/passwd" >"$d/web03/passwd"
echo "this host's audit.log holds no audit record" >"$d/empty01/audit.log"
printf '\037\213xyz' >"$d/broken01/audit.log"
