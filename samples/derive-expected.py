#!/usr/bin/env python3
"""Derives the expected answers of each recorded sample (samples/<incident>/expected/<run>/*.csv) from its logs.

ausearch (auditd's own tool) assembles the events; this script decodes the raw records itself (sockaddr hex,
errno, syscall numbers via ausyscall, hex-encoded strings) and checks every fact it uses against
`ausearch -i`, so the goldens rest on two independent decoders that agree. Names come from the sample's
own passwd/group (the evidence host's), never from the machine running this script.

usage: derive-expected.py [INCIDENT_DIR ...]        (default: every samples/*/ that has raw/ or enriched/)
"""
import csv
import errno
import io
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = ("raw", "enriched")
AUID_UNSET = 4294967295
ARCH_TABLE = {"c000003e": "x86_64", "40000003": "i386"}
OUTBOUND_SYSCALLS = {"connect", "sendto", "sendmsg"}
SOCK_TYPES = {1: "tcp", 2: "udp"}            # SOCK_STREAM, SOCK_DGRAM on an inet socket
SOCK_CLOEXEC = 0o2000000
CONNECTION_HEADER = ("first_seen,last_seen,count,dst_addr,dst_port,protocol,outcome,pid,ppid,exe,comm,"
                     "uid,user,auid,login_user,ses,node").split(",")
PROCESS_COLUMNS = ["pid", "ppid", "exe", "comm", "uid", "user", "auid", "login_user", "ses", "node"]

FIELD = re.compile(r"""([\w-]+)=("[^"]*"|'[^']*'|\S+)""")
RECORD = re.compile(r"^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)\.(\d{3}):(\d+)\) ?: ?(.*)$")


class DerivationError(Exception):
    """A fact the two decoders disagree on, or a case the golden format does not define yet."""


def fail(what, event):
    raise DerivationError(f"{what} (event {event.node}:{event.serial} at {event.time})")


class Record:
    """One audit record: type, raw fields, and the same line as `ausearch -i` printed it."""

    def __init__(self, line, interpreted):
        m = RECORD.match(line)
        if not m:
            raise DerivationError(f"unexpected ausearch line: {line[:120]}")
        self.node, self.type, sec, ms, serial, body = m.groups()
        self.sec, self.ms, self.serial = int(sec), ms, int(serial)
        self.fields = dict(FIELD.findall(body))
        self.interpreted = interpreted


class Event:
    """The records ausearch grouped as one event."""

    def __init__(self, records):
        self.records = records
        first = records[0]
        self.node, self.serial = first.node, first.serial
        self.time = datetime.fromtimestamp(first.sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{first.ms}Z"

    def first(self, rtype):
        return next((r for r in self.records if r.type == rtype), None)

    def all(self, rtype):
        return [r for r in self.records if r.type == rtype]


def ausearch(logfile, interpret):
    args = ["ausearch", "--input", logfile] + (["-i"] if interpret else [])
    env = dict(os.environ, LC_ALL="C", TZ="UTC")
    out = subprocess.run(args, capture_output=True, text=True, env=env, errors="surrogateescape")
    if out.returncode not in (0, 1):
        raise DerivationError(f"{' '.join(args)} failed: {out.stderr.strip()}")
    events, current = [], []
    for line in out.stdout.splitlines():
        if line == "----":
            if current:
                events.append(current)
            current = []
        elif line.startswith("time->"):
            continue
        elif line:
            current.append(line)
    if current:
        events.append(current)
    return events


def load_events(files):
    """Events of the rotated files, oldest first, as ausearch assembles them; raw and interpreted side by side."""
    with tempfile.NamedTemporaryFile(prefix="derive-", suffix=".log") as joined:
        for f in files:
            joined.write(f.read_bytes())
        joined.flush()
        raw, interpreted = ausearch(joined.name, False), ausearch(joined.name, True)
    if len(raw) != len(interpreted):
        raise DerivationError(f"ausearch gave {len(raw)} raw but {len(interpreted)} interpreted events")
    events = []
    for raw_lines, int_lines in zip(raw, interpreted):
        if len(raw_lines) != len(int_lines):
            raise DerivationError(f"record count differs between raw and interpreted event: {raw_lines[0][:100]}")
        records = [Record(r, i) for r, i in zip(raw_lines, int_lines)]
        for r in records:
            if f":{r.serial})" not in r.interpreted:
                raise DerivationError(f"raw and interpreted events are out of step at serial {r.serial}")
        events.append(Event(records))
    return events


def rotation_order(run_dir):
    """audit.log.N ... audit.log.1, audit.log: the order auditd wrote them."""
    def age(p):
        suffix = p.name[len("audit.log"):]
        return -int(suffix[1:]) if suffix else 0
    return sorted(run_dir.glob("audit.log*"), key=age)


def syscall_names():
    names = {}
    for arch in ARCH_TABLE.values():
        out = subprocess.run(["ausyscall", arch, "--dump"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines()[1:]:
            number, name = line.split()
            names[(arch, int(number))] = name
    return names


def untrusted_string(value):
    """An audit string field: "quoted" as is, otherwise hex (it held a space, quote or control byte)."""
    if value is None or value == "(null)":
        return None
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return bytes.fromhex(value).decode("utf-8", "surrogateescape")


def decode_sockaddr(hexstr):
    """(family, addr, port) of a SOCKADDR record's saddr, decoded from the kernel's bytes."""
    b = bytes.fromhex(hexstr)
    family = int.from_bytes(b[0:2], "little")
    if family == socket.AF_INET:
        return "inet", socket.inet_ntop(socket.AF_INET, b[4:8]), int.from_bytes(b[2:4], "big")
    if family == socket.AF_INET6:
        if b[8:20] == bytes(10) + b"\xff\xff":
            # an IPv4-mapped IPv6 address is the IPv4 host a.b.c.d (issue 2): one destination, not two
            return "inet6", socket.inet_ntop(socket.AF_INET, b[20:24]), int.from_bytes(b[2:4], "big")
        return "inet6", socket.inet_ntop(socket.AF_INET6, b[8:24]), int.from_bytes(b[2:4], "big")
    return {socket.AF_UNIX: "local", socket.AF_NETLINK: "netlink"}.get(family, str(family)), None, None


def interpreted_sockaddr(record):
    m = re.search(r"saddr=\{ (.*?) \}", record.interpreted)
    return dict(re.findall(r"(\S+)=(\S+)", m.group(1))) if m else {}


def is_loopback(addr):
    if addr.startswith("::ffff:") and "." in addr:
        addr = addr[len("::ffff:"):]
    return addr.startswith("127.") or addr == "::1"


def outcome_of(exit_code):
    if exit_code >= 0:
        return "ok"
    if -exit_code == errno.EINPROGRESS:
        return "in-progress"
    return errno.errorcode.get(-exit_code, f"errno {-exit_code}")


class Passwd:
    """uid -> name from the sample's own passwd file (the evidence host's, not this machine's)."""

    def __init__(self, path):
        self.names = {}
        for line in path.read_text().splitlines():
            parts = line.split(":")
            if len(parts) >= 3:
                self.names[int(parts[2])] = parts[0]

    def name(self, uid, event):
        if uid not in self.names:
            fail(f"uid {uid} is not in the sample's passwd; the golden format for unknown users is not defined", event)
        return self.names[uid]


class Process:
    """The subject fields of a SYSCALL record, decoded and checked against ausearch -i."""

    def __init__(self, event, syscall, passwd):
        f = syscall.fields
        self.pid, self.ppid = int(f["pid"]), int(f["ppid"])
        self.uid, self.auid, self.ses = int(f["uid"]), int(f["auid"]), int(f["ses"])
        self.exe, self.comm = untrusted_string(f.get("exe")), untrusted_string(f.get("comm"))
        if self.auid == AUID_UNSET or self.ses == AUID_UNSET:
            fail("an event without a login session; the golden format for 'unset' is not defined", event)
        self.user, self.login_user = passwd.name(self.uid, event), passwd.name(self.auid, event)
        self.node = event.node
        shown = dict(FIELD.findall(syscall.interpreted.split(" exe=")[0]))
        for field, uid, name in (("uid", self.uid, self.user), ("auid", self.auid, self.login_user)):
            if shown[field] not in (name, f"unknown({uid})"):
                fail(f"ausearch -i shows {field}={shown[field]}, the sample's passwd says {name}", event)
        exe_shown = syscall.interpreted.split(" exe=", 1)[1].rsplit(" key=", 1)[0]
        if exe_shown != self.exe or shown["comm"] != self.comm:
            fail(f"exe/comm decode differs from ausearch -i: {self.exe!r}/{self.comm!r}", event)

    def row(self):
        return {"pid": self.pid, "ppid": self.ppid, "exe": self.exe, "comm": self.comm, "uid": self.uid,
                "user": self.user, "auid": self.auid, "login_user": self.login_user, "ses": self.ses,
                "node": self.node}


class Derivation:
    """Walks the events in log order, keeping each process's socket fds, and collects the answers."""

    def __init__(self, events, passwd):
        self.events, self.passwd, self.names = events, passwd, syscall_names()
        self.fds = defaultdict(dict)   # (node, pid) -> fd -> (domain, type flags)
        self.bound = {}                # (node, pid, fd) -> (addr, port)
        self.attempts, self.listeners, self.secret, self.execs, self.logins = [], [], [], [], []

    def run(self):
        for event in self.events:
            login = event.first("LOGIN")
            if login:
                self.on_login(event, login)
            syscall = event.first("SYSCALL")
            if syscall is None or syscall.fields.get("auid") == str(AUID_UNSET):
                continue       # the recorder's own auditctl/auditd calls: no login session, not part of the story
            self.on_syscall(event, syscall)
        return self

    def syscall_name(self, event, syscall):
        arch = ARCH_TABLE.get(syscall.fields["arch"])
        name = self.names.get((arch, int(syscall.fields["syscall"])))
        shown = re.search(r" syscall=(\S+)", syscall.interpreted).group(1)
        if name != shown:
            fail(f"syscall {syscall.fields['syscall']} decodes to {name}, ausearch -i says {shown}", event)
        return name

    def exit_code(self, event, syscall):
        code = int(syscall.fields["exit"])
        shown = re.search(r" exit=(\S+)", syscall.interpreted).group(1)
        expected = str(code) if code >= 0 else errno.errorcode[-code] + "("
        if not (shown == expected if code >= 0 else shown.startswith(expected)):
            fail(f"exit {code} is {expected}, ausearch -i says {shown}", event)
        return code

    def on_login(self, event, login):
        f = login.fields
        auid = int(f["auid"])
        self.logins.append({"time": event.time, "node": event.node, "pid": int(f["pid"]), "uid": int(f["uid"]),
                            "user": self.passwd.name(int(f["uid"]), event), "auid": auid,
                            "login_user": self.passwd.name(auid, event), "ses": int(f["ses"]),
                            "result": "ok" if f["res"] == "1" else "failed"})

    def on_syscall(self, event, syscall):
        name = self.syscall_name(event, syscall)
        code = self.exit_code(event, syscall)
        proc = Process(event, syscall, self.passwd)
        a = lambda i: int(syscall.fields[f"a{i}"], 16)
        table = self.fds[(proc.node, proc.pid)]
        if name == "socket" and code >= 0:
            table[code] = (a(0), a(1))
        elif name in ("accept", "accept4") and code >= 0:
            table[code] = table.get(a(0), (None, None))
        elif name in ("execve", "execveat"):
            self.on_exec(event, syscall, proc, code)
            if code == 0:
                for fd in [fd for fd, (_, flags) in table.items() if flags is not None and flags & SOCK_CLOEXEC]:
                    del table[fd]
        elif name == "bind" and code == 0:
            sockaddr = self.sockaddr(event)
            if sockaddr and sockaddr[0] in ("inet", "inet6"):
                self.bound[(proc.node, proc.pid, a(0))] = sockaddr[1:]
        elif name == "listen" and code == 0 and table.get(a(0), (None,))[0] in (socket.AF_INET, socket.AF_INET6):
            bound = self.bound.get((proc.node, proc.pid, a(0)))
            if bound is None:
                fail("listen on an inet socket with no bind seen; the golden format for that is not defined", event)
            self.listeners.append({"time": event.time, "local_addr": bound[0], "local_port": bound[1],
                                   "protocol": self.protocol(table, a(0)), **proc.row()})
        if name in OUTBOUND_SYSCALLS:
            sockaddr = self.sockaddr(event)
            if sockaddr and sockaddr[0] in ("inet", "inet6") and not is_loopback(sockaddr[1]):
                self.attempts.append((event, proc, sockaddr[1], sockaddr[2], self.protocol(table, a(0)),
                                      outcome_of(code)))
        if syscall.fields.get("key") == '"secret"':
            self.on_secret(event, syscall, proc, name, code)

    def sockaddr(self, event):
        record = event.first("SOCKADDR")
        if record is None:
            return None
        fam, addr, port = decode_sockaddr(record.fields["saddr"])
        shown = interpreted_sockaddr(record)
        if shown.get("saddr_fam") != fam or (addr is not None and (shown.get("laddr") not in (addr, "::ffff:" + addr)
                                                                    or shown.get("lport") != str(port))):
            fail(f"sockaddr decodes to {fam} {addr} {port}, ausearch -i says {shown}", event)
        return fam, addr, port

    @staticmethod
    def protocol(table, fd):
        domain, flags = table.get(fd, (None, None))
        if domain not in (socket.AF_INET, socket.AF_INET6):
            return "unknown"
        return SOCK_TYPES.get(flags & 0xF, "unknown")

    def on_exec(self, event, syscall, proc, code):
        execve = event.first("EXECVE")
        argv = []
        if execve is not None:
            argc = int(execve.fields["argc"])
            argv = [untrusted_string(execve.fields[f"a{i}"]) for i in range(argc)]
        self.execs.append({"time": event.time, "outcome": outcome_of(code), "argv": shlex.join(argv), **proc.row()})

    def on_secret(self, event, syscall, proc, name, code):
        path = next((untrusted_string(p.fields.get("name")) for p in event.all("PATH")
                     if p.fields.get("nametype") == "NORMAL"), None)
        flags = None
        if name == "openat":
            flags = int(syscall.fields["a2"], 16)
        elif name == "open":
            flags = int(syscall.fields["a1"], 16)
        access = {None: name, os.O_RDONLY: "read", os.O_WRONLY: "write", os.O_RDWR: "read-write"}[
            None if flags is None else flags & os.O_ACCMODE]
        self.secret.append({"time": event.time, "path": path, "syscall": name, "access": access,
                            "outcome": outcome_of(code), **proc.row()})

    def connections(self):
        groups = {}
        for event, proc, addr, port, protocol, outcome in self.attempts:
            key = (proc.node, proc.pid, proc.exe, proc.uid, proc.auid, addr, port, protocol)
            row = groups.get(key)
            if row is None:
                groups[key] = row = {"first_seen": event.time, "count": 0, "dst_addr": addr, "dst_port": port,
                                     "protocol": protocol, "outcome": outcome, **proc.row()}
            for field, value in (("outcome", outcome), ("ppid", proc.ppid), ("comm", proc.comm), ("ses", proc.ses)):
                if row[field] != value:
                    fail(f"{field} changes within one connection row ({row[field]} -> {value}); "
                         f"the golden format does not define that", event)
            row["last_seen"] = event.time
            row["count"] += 1
        return sorted(groups.values(), key=lambda r: (r["first_seen"], r["node"], r["pid"], r["dst_addr"], r["dst_port"]))


def count_attempts_in_text(files):
    """Outbound attempts counted a third way, from the log text alone (x86_64 connect/sendto/sendmsg with an
    inet or inet6 SOCKADDR, loopback excluded), without ausearch or the decoders above."""
    calls, addrs = set(), {}
    stamp = re.compile(r"^(?:node=(\S+) )?type=(SYSCALL|SOCKADDR) msg=audit\(([\d.]+:\d+)\)")
    for f in files:
        for line in f.read_text(errors="replace").splitlines():
            m = stamp.match(line)
            if not m:
                continue
            key = (m.group(1), m.group(3))
            if m.group(2) == "SYSCALL" and re.search(r" arch=c000003e syscall=(42|44|46) ", line):
                calls.add(key)
            elif m.group(2) == "SOCKADDR":
                addrs[key] = re.search(r"saddr=([0-9A-F]+)", line).group(1)
    inet = [a for k, a in addrs.items() if k in calls and a[:4] in ("0200", "0A00")]
    def loopback(a):
        if a[:4] == "0200":
            return a[8:10] == "7F"                                       # 127.0.0.0/8
        v6 = a[16:48]
        return v6 == "0" * 31 + "1" or v6[:26] == "0" * 20 + "FFFF7F"  # ::1, ::ffff:127.0.0.0/104
    return sum(1 for a in inet if not loopback(a))


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for row in rows:
        w.writerow(row)
    path.write_text(buf.getvalue())


def derive(incident):
    passwd = Passwd(incident / "passwd")
    results = {}
    for run in RUNS:
        files = rotation_order(incident / run)
        if not files:
            continue
        d = Derivation(load_events(files), passwd).run()
        in_text = count_attempts_in_text(files)
        if in_text != len(d.attempts):
            raise DerivationError(f"{run}: {len(d.attempts)} outbound attempts decoded, {in_text} in the log text")
        out = incident / "expected" / run
        out.mkdir(parents=True, exist_ok=True)
        write_csv(out / "connections.csv", CONNECTION_HEADER, d.connections())
        write_csv(out / "listeners.csv", ["time", "local_addr", "local_port", "protocol"] + PROCESS_COLUMNS, d.listeners)
        write_csv(out / "secret-file.csv", ["time", "path", "syscall", "access", "outcome"] + PROCESS_COLUMNS, d.secret)
        write_csv(out / "execs.csv", ["time", "outcome", "argv"] + PROCESS_COLUMNS, d.execs)
        write_csv(out / "logins.csv", ["time", "node", "pid", "uid", "user", "auid", "login_user", "ses", "result"],
                  d.logins)
        results[run] = (files, d)
        print(f"{out}: {len(d.connections())} connections from {len(d.attempts)} attempts, "
              f"{len(d.listeners)} listeners, {len(d.secret)} secret-file accesses, {len(d.execs)} execs, "
              f"{len(d.logins)} logins", file=sys.stderr)
    check_same_story(results)
    return results


def check_same_story(results):
    """Every run of an incident plays the same story: only pids, times and sessions may differ."""
    def story(d):
        keep = ("count", "dst_addr", "dst_port", "protocol", "outcome", "exe", "comm", "user", "login_user", "node")
        return sorted(tuple(r[k] for k in keep) for r in d.connections())
    stories = {run: story(d) for run, (_, d) in results.items()}
    first = next(iter(stories.values()), None)
    for run, s in stories.items():
        if s != first:
            raise DerivationError(f"the {run} recording tells a different story than {next(iter(stories))}: "
                                  f"{sorted(set(s) ^ set(first))}")


ANSWERS_BEGIN = "<!-- answers:begin (written by samples/derive-expected.py; do not edit by hand) -->"
ANSWERS_END = "<!-- answers:end -->"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def who(r):
    return f"{r['user']} (login {r['login_user']}, ses {r['ses']})"


def exec_tree(execs):
    """Successful execs as a process tree: each pid's exec chain, children under the pid that forked them."""
    chains, order = defaultdict(list), []
    for e in execs:
        if e["outcome"] != "ok":
            continue
        if e["pid"] not in chains:
            order.append(e)
        chains[e["pid"]].append(e)
    children = defaultdict(list)
    for e in order:
        children[e["ppid"]].append(e["pid"])
    lines = []

    def walk(pid, depth):
        chain = chains[pid]
        last = chain[-1]
        steps = " => ".join(f"`{c['argv']}`" for c in chain)
        lines.append(f"{'    ' * depth}- {pid} {last['user']}: {steps}")
        for child in children[pid]:
            walk(child, depth + 1)

    roots = [pid for pid in children if pid not in chains]
    for root in roots:
        lines.append(f"- {root} (no exec of it in the log)")
        for child in children[root]:
            walk(child, 1)
    return "\n".join(lines)


def render_answers(incident, results):
    out = []
    for run, (files, d) in results.items():
        names = " + ".join(f.name for f in files)
        conns = d.connections()
        out.append(f"### {run}/ ({names})\n")
        out.append(f"Expected files: `expected/{run}/`. Logins (`ausearch -m LOGIN`):\n")
        out.append(table(["time", "pid", "login_user", "auid", "ses"],
                         [(r["time"], r["pid"], r["login_user"], r["auid"], r["ses"]) for r in d.logins]))
        out.append(f"\nOutbound connections, one row per process and destination, loopback excluded "
                   f"({len(conns)} rows from {len(d.attempts)} attempts; `expected/{run}/connections.csv`):\n")
        out.append(table(["first_seen", "last_seen", "count", "destination", "proto", "outcome", "pid", "exe",
                          "comm", "user (login)"],
                         [(r["first_seen"], r["last_seen"], r["count"], f"{r['dst_addr']} {r['dst_port']}",
                           r["protocol"], r["outcome"], r["pid"], f"`{r['exe']}`", f"`{r['comm']}`", who(r))
                          for r in conns]))
        if run != RUNS[0] and RUNS[0] in results:
            out.append(f"\nThe other answers have the same shape as for {RUNS[0]}/, with this run's pids and times: "
                       f"`expected/{run}/`.\n")
            continue
        dests = {}
        for r in conns:
            k = (r["dst_addr"], r["dst_port"], r["protocol"])
            agg = dests.setdefault(k, {"attempts": 0, "outcomes": [], "procs": [], "users": []})
            agg["attempts"] += r["count"]
            for field, value in (("outcomes", r["outcome"]), ("procs", f"{r['comm']}[{r['pid']}]"),
                                 ("users", f"{r['user']}/{r['login_user']}")):
                if value not in agg[field]:
                    agg[field].append(value)
        tcp = [k for k in dests if k[2] == "tcp"]
        out.append(f"\nUnique destinations: {len(dests)} ({len(tcp)} TCP, {len(dests) - len(tcp)} UDP), "
                   f"{sum(a['attempts'] for a in dests.values())} attempts:\n")
        out.append(table(["destination", "proto", "attempts", "outcomes", "processes", "user/login_user"],
                         [(f"{k[0]} {k[1]}", k[2], a["attempts"], ", ".join(a["outcomes"]), ", ".join(a["procs"]),
                           ", ".join(a["users"])) for k, a in dests.items()]))
        out.append(f"\nWho listened (`expected/{run}/listeners.csv`):\n")
        out.append(table(["time", "local", "proto", "pid", "exe", "comm", "user (login)"],
                         [(r["time"], f"{r['local_addr']} {r['local_port']}", r["protocol"], r["pid"],
                           f"`{r['exe']}`", f"`{r['comm']}`", who(r)) for r in d.listeners]))
        out.append(f"\nThe secret file (`expected/{run}/secret-file.csv`):\n")
        out.append(table(["time", "access", "outcome", "pid", "exe", "comm", "user (login)"],
                         [(r["time"], r["access"], r["outcome"], r["pid"], f"`{r['exe']}`", f"`{r['comm']}`",
                           who(r)) for r in d.secret]))
        failed = [e for e in d.execs if e["outcome"] != "ok"]
        out.append(f"\nExec tree ({len(d.execs)} execve, {len(failed)} failed: "
                   + ", ".join(f"{e['pid']} {e['comm']} {e['outcome']}" for e in failed)
                   + f"; `expected/{run}/execs.csv`):\n")
        out.append(exec_tree(d.execs) + "\n")
    readme = incident / "README.md"
    if readme.exists():
        text = readme.read_text()
        if ANSWERS_BEGIN in text and ANSWERS_END in text:
            head, rest = text.split(ANSWERS_BEGIN, 1)
            tail = rest.split(ANSWERS_END, 1)[1]
            readme.write_text(head + ANSWERS_BEGIN + "\n\n" + "\n".join(out) + "\n" + ANSWERS_END + tail)


def main(argv):
    incidents = [Path(a).resolve() for a in argv] or sorted(
        p for p in HERE.iterdir() if p.is_dir() and any((p / r).is_dir() for r in RUNS))
    try:
        for incident in incidents:
            render_answers(incident, derive(incident))
    except DerivationError as e:
        print(f"derive-expected.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
