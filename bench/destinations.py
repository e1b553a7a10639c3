#!/usr/bin/env python3
"""Writes a synthetic audit log of N outbound TCP connects to exactly D distinct destinations.

For the "distinct destinations" scaling check (bench/side-by-side.sh, DESTINATIONS=1): the same number of
connects, few or very many destinations, so that the time a tool takes can be compared across D alone.

usage: bench/destinations.py --events N --destinations D --out FILE
       [--format enriched|raw] [--pids K] [--start EPOCH] [--span SECONDS] [--node NAME] [--seed S]

Each connect is two audit events, modelled byte for byte on what auditd 3.0.9 (Linux 6.x, x86_64) writes for a
rule set `-a always,exit -F arch=b64 -S connect -k connect` and `-S socket -k socket` (as recorded by
../shared/tools/record-big-log.sh):

  SYSCALL syscall=41 (socket(AF_INET, SOCK_STREAM[|SOCK_CLOEXEC], 0), exit = the new fd), PROCTITLE
  SYSCALL syscall=42 (connect(fd, ...), a0 = that fd, a2=10), SOCKADDR (saddr = sockaddr_in in hex:
          family 0200 little-endian, port big-endian, IPv4 address, 8 zero bytes), PROCTITLE

so a reader that pairs socket() with connect() by fd knows the protocol is tcp. With --format enriched (the
default, like the big recorded log) every SYSCALL and SOCKADDR record carries auditd's interpreted names after a
0x1d byte; --format raw writes the kernel's text only (log_format = RAW).

Destinations: index i in [0, D) maps to 10.a.b.c (a bijection of i+1 over the 24 host bits of 10.0.0.0/8, never
10.0.0.0 nor 10.255.255.255 for D <= 10,000,000) and a port drawn from i (443, 80, 22, ... or a high port). The
address alone is unique per destination, so there are exactly D distinct (address, port) pairs and D distinct
addresses. New destinations are introduced evenly over the log (the k-th new one at connect ~k*N/D); the other
connects revisit an already seen destination, skewed towards the early (popular) ones. Processes: a handful of
long-lived pids (a python crawler, nginx, curl and ssh of logged-in users, a java service), each with its own
uid/auid/session, socket type flags and fd. Outcomes: ok, EINPROGRESS, ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH.
Times are spread evenly over --span seconds from --start, millisecond resolution, serials increasing.

Streams: memory does not depend on N or D. Deterministic for a given --seed.
"""
import argparse
import random
import sys

MAX_DESTINATIONS = 10_000_000
# (i + 1) * A mod 2^24 is a bijection of the 24 host bits; with this A, the value 0xFFFFFF (10.255.255.255)
# first comes at i + 1 = 14,942,507 and 0 never comes for 1 <= i + 1 < 2^24.
PERM_A = 0x7F4A7D

UNSET = 4294967295
NAMES = {0: "root", 33: "www-data", 998: "svc-api", 1001: "alice", 1002: "bob", UNSET: "unset"}

# pid, ppid, uid, gid, auid, ses, tty, comm, exe, argv, socket type (a1 of socket()), fd, connect a1 (a stack address),
# socket a3, weight (share of the connects)
PROFILES = [
    (24706, 24536, 0, 0, UNSET, UNSET, "(none)", "python3.11", "/usr/bin/python3.11",
     ["/usr/bin/python3.11", "/opt/crawler/crawl.py", "--workers", "1"], 0x80001, 5, 0x7FFD053B0970, 0x7FB596250E5E, 40),
    (1187, 1185, 33, 33, UNSET, UNSET, "(none)", "nginx", "/usr/sbin/nginx",
     ["nginx: worker process"], 0x80801, 12, 0x7FFC2E19A6C0, 0x55D0C3A1F2A8, 25),
    (31544, 31502, 1001, 1001, 1001, 3, "pts0", "curl", "/usr/bin/curl",
     ["curl", "-sS", "-o", "/dev/null", "--parallel", "-K", "urls.txt"], 0x1, 4, 0x7FFE8D3C1A50, 0x0, 15),
    (2311, 1, 998, 998, UNSET, UNSET, "(none)", "java", "/usr/lib/jvm/temurin-21-jre-amd64/bin/java",
     ["/usr/lib/jvm/temurin-21-jre-amd64/bin/java", "-Xmx512m", "-jar", "/srv/api/api.jar"], 0x1, 87,
     0x7F3A1C7FD8B0, 0x7F3A5C0E1A40, 12),
    (30877, 30861, 1002, 1002, 1002, 5, "pts1", "ssh", "/usr/bin/ssh",
     ["ssh", "-o", "BatchMode=yes", "deploy@build"], 0x1, 3, 0x7FFF21A9E5C0, 0x0, 8),
]

# (exit, success) and weights
OUTCOMES = [((0, "yes"), 58), ((-115, "no"), 25), ((-111, "no"), 11), ((-110, "no"), 4), ((-113, "no"), 2)]
PORTS = [443] * 46 + [80] * 18 + [22] * 6 + [8443] * 5 + [8080] * 5 + [53] * 3 + [3306, 5432, 6379, 9200, 25, 993]


def destination(i):
    """The i-th destination: (address bytes a, b, c of 10.a.b.c, port)."""
    h = ((i + 1) * PERM_A) & 0xFFFFFF
    r = (i * 2654435761) & 0xFFFFFFFF
    sel = (r >> 8) % 100
    port = PORTS[sel] if sel < len(PORTS) else 1024 + (r >> 4) % 64511
    return h >> 16, (h >> 8) & 0xFF, h & 0xFF, port


def ids_enriched(uid, gid, auid):
    u, g, a = NAMES.get(uid, str(uid)), NAMES.get(gid, str(gid)), NAMES.get(auid, str(auid))
    return (f'AUID="{a}" UID="{u}" GID="{g}" EUID="{u}" SUID="{u}" FSUID="{u}" EGID="{g}" SGID="{g}" '
            f'FSGID="{g}"')


def process_templates(profile, node, enriched):
    """Per process: the record texts with holes for time:serial and the per-event fields."""
    (pid, ppid, uid, gid, auid, ses, tty, comm, exe, argv, socktype, fd, stack, sock_a3, _w) = profile
    prefix = f"node={node} " if node else ""
    creds = (f"items=0 ppid={ppid} pid={pid} auid={auid} uid={uid} gid={gid} euid={uid} suid={uid} "
             f"fsuid={uid} egid={gid} sgid={gid} fsgid={gid} tty={tty} ses={ses} "
             f'comm="{comm}" exe="{exe}"')
    names = ids_enriched(uid, gid, auid)
    proctitle = "\0".join(argv).encode().hex().upper()
    socket_tail = f'\x1dARCH=x86_64 SYSCALL=socket {names}' if enriched else ""
    connect_tail = f'\x1dARCH=x86_64 SYSCALL=connect {names}' if enriched else ""
    sock = (f"{prefix}type=SYSCALL msg=audit(%s): arch=c000003e syscall=41 success=yes exit={fd} a0=2 "
            f"a1={socktype:x} a2=0 a3={sock_a3:x} {creds} key=\"socket\"{socket_tail}\n"
            f"{prefix}type=PROCTITLE msg=audit(%s): proctitle={proctitle}\n")
    # connect: holes (stamp, success, exit, a3, stamp, saddr, [enrichment], stamp)
    conn = (f"{prefix}type=SYSCALL msg=audit(%s): arch=c000003e syscall=42 success=%s exit=%d a0={fd:x} "
            f"a1={stack:x} a2=10 a3=%x {creds} key=\"connect\"{connect_tail}\n"
            f"{prefix}type=SOCKADDR msg=audit(%s): saddr=%s\n"
            f"{prefix}type=PROCTITLE msg=audit(%s): proctitle={proctitle}\n")
    return sock, conn


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, required=True, help="N: connect() calls to write")
    p.add_argument("--destinations", type=int, required=True,
                   help=f"D: distinct destinations among them, 1..min(N, {MAX_DESTINATIONS:,})")
    p.add_argument("--out", required=True, help="the audit.log to write (- for stdout)")
    p.add_argument("--format", choices=["enriched", "raw"], default="enriched")
    p.add_argument("--pids", type=int, default=len(PROFILES),
                   help=f"processes making the connects (default {len(PROFILES)}; more repeat the profiles with other pids)")
    p.add_argument("--start", type=float, default=1795500000.0, help="epoch seconds of the first event")
    p.add_argument("--span", type=float, default=3600.0, help="seconds the connects are spread over")
    p.add_argument("--node", default="vm", help='node= name (name_format = HOSTNAME); "" for none')
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    n, d = a.events, a.destinations
    if n < 1:
        p.error("--events must be at least 1")
    if not 1 <= d <= min(n, MAX_DESTINATIONS):
        p.error(f"--destinations must be in 1..min(--events, {MAX_DESTINATIONS:,})")
    if a.pids < 1:
        p.error("--pids must be at least 1")

    rnd = random.Random(a.seed)
    enriched = a.format == "enriched"
    procs, weights = [], []
    for k in range(a.pids):
        prof = list(PROFILES[k % len(PROFILES)])
        if k >= len(PROFILES):  # another worker of the same program
            prof[0] += 7 * k
        sock, conn = process_templates(prof, a.node, enriched)
        procs.append((sock, conn))
        weights.append(prof[-1])
    cum_w = []
    acc = 0
    for w in weights:
        acc += w
        cum_w.append(acc)
    out_choices = [o for o, _ in OUTCOMES]
    out_cum = []
    acc = 0
    for _, w in OUTCOMES:
        acc += w
        out_cum.append(acc)
    # 100-entry lookup tables for the weighted draws (cheaper than random.choices per event)
    proc_table = [next(j for j, c in enumerate(cum_w) if (x + 0.5) * cum_w[-1] / 100 < c) for x in range(100)]
    outcome_table = [out_choices[next(j for j, c in enumerate(out_cum) if x + 0.5 < c * 100 / out_cum[-1])]
                     for x in range(100)]

    start_ms = int(round(a.start * 1000))
    span_ms = a.span * 1000.0
    serial = 1_000_000 + rnd.randrange(1000)
    introduced = 0
    randrange, rand = rnd.randrange, rnd.random
    f = sys.stdout if a.out == "-" else open(a.out, "w", encoding="ascii", newline="\n", buffering=1 << 20)
    saddr_cache_i, saddr_cache = -1, ""
    written = 0
    buf = []
    try:
        for j in range(n):
            # exactly D distinct: introduce the next new destination whenever ceil((j+1) D / N) grows
            if introduced < -(-(j + 1) * d // n):
                i = introduced
                introduced += 1
            else:
                i = int(introduced * rand() ** 3)  # revisit, skewed to early (popular) destinations
            if i != saddr_cache_i:
                x, y, z, port = destination(i)
                saddr_cache = "0200%04X0A%02X%02X%02X0000000000000000" % (port, x, y, z)
                if enriched:
                    saddr_cache += "\x1dSADDR={ saddr_fam=inet laddr=10.%d.%d.%d lport=%d }" % (x, y, z, port)
                saddr_cache_i = i
            sock, conn = procs[proc_table[randrange(100)]]
            ms = start_ms + int(j * span_ms / n)
            stamp = "%d.%03d:%d" % (ms // 1000, ms % 1000, serial)
            serial += 1
            buf.append(sock % (stamp, stamp))
            ex, ok = outcome_table[randrange(100)]
            stamp = "%d.%03d:%d" % (ms // 1000, ms % 1000, serial)
            serial += 1 + (randrange(8) == 0)  # now and then an event the rules did not log
            buf.append(conn % (stamp, ok, ex, randrange(1, 0x40), stamp, saddr_cache, stamp))
            if len(buf) >= 8192:
                written += f.write("".join(buf))
                buf.clear()
        written += f.write("".join(buf))
    finally:
        if f is not sys.stdout:
            f.close()
    assert introduced == d, (introduced, d)
    print(f"destinations.py: {n:,} connects to {d:,} distinct destinations, {a.pids} pids, {a.format}, "
          f"{written:,} bytes -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
