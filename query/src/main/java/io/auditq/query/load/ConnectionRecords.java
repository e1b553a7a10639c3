package io.auditq.query.load;

import io.auditq.parser.normal.Arch;
import io.auditq.parser.normal.SyscallTable;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.RecordGate;
import io.auditq.parser.record.Numbers;
import io.auditq.parser.record.RecordTypes;
import io.auditq.query.connect.ConnectionTracker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

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
final class ConnectionRecords implements RecordGate {
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

    private final boolean titles;

    /**
     * @param since, until the question's window in epoch ms, or Long.MIN_VALUE/MAX_VALUE when not known yet
     * @param titles       keep PROCTITLE records: connection rows stored in a case carry the title; an answer
     *                     tallied straight from the files shows none (a third of the records kept, and their hex)
     */
    ConnectionRecords(long since, long until, boolean titles) {
        this.since = since;
        this.until = until;
        this.titles = titles;
        java.util.Arrays.fill(ringSerial, -1);
    }

    @Override
    public boolean wants(LogSource source, int type, String node, long timeMillis, long serial, byte[] buf,
                         int bodyStart, int bodyEnd) {
        if (type == RecordTypes.SYSCALL) {
            byte keep = verdict(buf, bodyStart, bodyEnd);
            if (keep == 3) {
                connects++;
            }
            if (keep >= 2 && (timeMillis < since || timeMillis > until)) {
                keep = 0;
            }
            if (keep != 0) {
                int slot = slot(node, serial);
                ringTime[slot] = timeMillis;
                ringSerial[slot] = serial;
                ringNode[slot] = node;
                return true;
            }
            return false;
        }
        if (type == RecordTypes.SOCKADDR || type == RecordTypes.SOCKETCALL || type == RecordTypes.EXECVE
                || type == RecordTypes.PATH || type == RecordTypes.CWD || (titles && type == RecordTypes.PROCTITLE)) {
            int i = slot(node, serial);
            return ringSerial[i] == serial && ringTime[i] == timeMillis && Objects.equals(ringNode[i], node);
        }
        return false;
    }

    /** connect() records seen, whatever their time (the time window drops them after counting). */
    long connects() {
        return connects;
    }

    private static int slot(String node, long serial) {
        return (int) (serial ^ (node == null ? 0 : node.hashCode())) & (RING - 1);
    }

    private byte verdict(byte[] buf, int from, int to) {
        // the kernel writes "arch=… syscall=…" first: read them off the body's start without indexing every field
        int at = prefixValue(buf, from, to, ARCH);
        int sc = at < 0 ? -1 : prefixValue(buf, from, to, SYSCALL_KEY);
        if (at < 0 || sc < 0) {
            return 1; // not a kernel-written SYSCALL record (e.g. reordered fields): keep it, the tracker decides
        }
        String archField = archAt(buf, at, to);
        long n = Numbers.decimal(buf, sc, end(buf, sc, to), -1);
        byte[] table = byArch.computeIfAbsent(archField, ConnectionRecords::tableFor);
        if (n >= 0) {
            return table == null ? 1 : n < table.length ? table[(int) n] : 0; // an unknown arch: keep, decide later
        }
        // an interpreted log (ausearch -i) names the syscall
        String name = new String(buf, sc, end(buf, sc, to) - sc, java.nio.charset.StandardCharsets.UTF_8);
        if (!ConnectionTracker.SYSCALLS.contains(name)) {
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
    private static int prefixValue(byte[] buf, int from, int to, byte[] key) {
        int limit = Math.min(to - key.length, from + PREFIX);
        outer:
        for (int i = from; i <= limit; i++) {
            if (i > from && buf[i - 1] != ' ') {
                continue;
            }
            for (int k = 0; k < key.length; k++) {
                if (buf[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    private static int end(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && buf[i] != ' ' && buf[i] != 0x1d) {
            i++;
        }
        return i;
    }

    /** The arch value as text, reusing the last string when the bytes are the same (they nearly always are). */
    private String archAt(byte[] buf, int from, int to) {
        int e = end(buf, from, to);
        if (java.util.Arrays.equals(buf, from, e, lastArchBytes, 0, lastArchBytes.length)) {
            return lastArch;
        }
        lastArchBytes = java.util.Arrays.copyOfRange(buf, from, e);
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
