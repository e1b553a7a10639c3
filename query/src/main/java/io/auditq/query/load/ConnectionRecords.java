package io.auditq.query.load;

import io.auditq.parser.normal.Arch;
import io.auditq.parser.normal.SyscallTable;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Numbers;
import io.auditq.parser.record.RecordTypes;
import io.auditq.query.connect.ConnectionTracker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The records a connections question needs, decided before events are assembled or decoded: SYSCALL records of
 * the syscalls {@link ConnectionTracker} reads (by number, for the record's own arch), and the records that
 * belong to those events (SOCKADDR, SOCKETCALL, EXECVE, PATH, CWD, PROCTITLE). Everything else is dropped
 * unread, which is most of a typical log.
 *
 * <p>A kernel event's SYSCALL record is written before its other records, so the filter keeps the others when
 * their event's SYSCALL was kept, remembering kept events in a direct-mapped table of {@link #RING} slots by
 * serial (events in flight at once are a few dozen serials apart, so they do not evict each other). Connect-like syscalls
 * outside a known time window are dropped too (socket(), execve and the like never are: they feed the
 * protocol and argv of later connections).
 */
final class ConnectionRecords implements Predicate<AuditRecord> {
    static final int RING = 4096;
    private static final String[] ATTEMPTS = {"connect", "sendto", "sendmsg", "sendmmsg"};

    /** Per arch table: 0 = drop, 1 = keep, 2 = keep when inside the time window, 3 = the same for connect. */
    private final Map<String, byte[]> byArch = new HashMap<>();
    private final long since;
    private final long until;
    private final long[] ringTime = new long[RING];
    private final long[] ringSerial = new long[RING];
    private final String[] ringNode = new String[RING];
    private long connects;

    /** @param since, until the question's window in epoch ms, or Long.MIN_VALUE/MAX_VALUE when not known yet */
    ConnectionRecords(long since, long until) {
        this.since = since;
        this.until = until;
        java.util.Arrays.fill(ringSerial, -1);
    }

    @Override
    public boolean test(AuditRecord r) {
        int type = r.type();
        if (type == RecordTypes.SYSCALL) {
            byte keep = verdict(r);
            if (keep == 3) {
                connects++;
            }
            if (keep >= 2 && (r.timeMillis() < since || r.timeMillis() > until)) {
                keep = 0;
            }
            if (keep != 0) {
                int slot = slot(r);
                ringTime[slot] = r.timeMillis();
                ringSerial[slot] = r.serial();
                ringNode[slot] = r.node();
                return true;
            }
            return false;
        }
        if (type == RecordTypes.SOCKADDR || type == RecordTypes.SOCKETCALL || type == RecordTypes.EXECVE
                || type == RecordTypes.PATH || type == RecordTypes.CWD || type == RecordTypes.PROCTITLE) {
            return kept(r);
        }
        return false;
    }

    /** connect() records seen, whatever their time (the time window drops them after counting). */
    long connects() {
        return connects;
    }

    private boolean kept(AuditRecord r) {
        int i = slot(r);
        return ringSerial[i] == r.serial() && ringTime[i] == r.timeMillis() && Objects.equals(ringNode[i], r.node());
    }

    private static int slot(AuditRecord r) {
        String node = r.node();
        return (int) (r.serial() ^ (node == null ? 0 : node.hashCode())) & (RING - 1);
    }

    private byte verdict(AuditRecord r) {
        // the kernel writes "arch=… syscall=…" first: read them off the body's start without indexing every field
        byte[] body = r.body();
        int at = prefixValue(body, ARCH);
        int sc = at < 0 ? -1 : prefixValue(body, SYSCALL_KEY);
        String archField;
        long n;
        if (at >= 0 && sc >= 0) {
            archField = archAt(body, at);
            n = Numbers.decimal(body, sc, end(body, sc), -1);
        } else {
            archField = r.raw("arch");
            n = r.decimal("syscall", -1);
        }
        byte[] table = byArch.computeIfAbsent(archField == null ? "" : archField, ConnectionRecords::tableFor);
        if (n >= 0) {
            return table == null ? 1 : n < table.length ? table[(int) n] : 0; // an unknown arch: keep, decide later
        }
        // an interpreted log (ausearch -i) names the syscall
        String name = r.raw("syscall");
        if (name == null || !ConnectionTracker.SYSCALLS.contains(name)) {
            return 0;
        }
        for (String a : ATTEMPTS) {
            if (a.equals(name)) {
                return (byte) (name.equals("connect") ? 3 : 2);
            }
        }
        return 1;
    }

    private static final byte[] ARCH = "arch=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SYSCALL_KEY = "syscall=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** How far into the body the two fields are looked for; they are the first two in every kernel SYSCALL record. */
    private static final int PREFIX = 48;
    private String lastArch = "";
    private byte[] lastArchBytes = new byte[0];

    /** Where the value of {@code key} starts, when the key begins a field within the body's first bytes; else -1. */
    private static int prefixValue(byte[] body, byte[] key) {
        int limit = Math.min(body.length - key.length, PREFIX);
        outer:
        for (int i = 0; i <= limit; i++) {
            if (i > 0 && body[i - 1] != ' ') {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (body[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    private static int end(byte[] body, int from) {
        int i = from;
        while (i < body.length && body[i] != ' ' && body[i] != 0x1d) {
            i++;
        }
        return i;
    }

    /** The arch value as text, reusing the last string when the bytes are the same (they nearly always are). */
    private String archAt(byte[] body, int from) {
        int e = end(body, from);
        if (java.util.Arrays.equals(body, from, e, lastArchBytes, 0, lastArchBytes.length)) {
            return lastArch;
        }
        lastArchBytes = java.util.Arrays.copyOfRange(body, from, e);
        lastArch = new String(lastArchBytes, java.nio.charset.StandardCharsets.US_ASCII);
        return lastArch;
    }

    private static byte[] tableFor(String archField) {
        Arch arch = Arch.fromField(archField);
        if (arch == null || SyscallTable.table(arch) == null) {
            return null;
        }
        int max = 0;
        for (String s : ConnectionTracker.SYSCALLS) {
            max = Math.max(max, SyscallTable.number(arch, s));
        }
        byte[] t = new byte[max + 1];
        for (String s : ConnectionTracker.SYSCALLS) {
            int n = SyscallTable.number(arch, s);
            if (n >= 0) {
                t[n] = 1;
            }
        }
        for (String a : ATTEMPTS) {
            int n = SyscallTable.number(arch, a);
            if (n >= 0) {
                t[n] = (byte) (a.equals("connect") ? 3 : 2);
            }
        }
        return t;
    }
}
