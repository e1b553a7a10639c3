package io.auditq.parser.record;

import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LineSink;
import io.auditq.parser.input.LogSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;


/**
 * Turns audit.log lines into {@link AuditRecord}s, straight from bytes.
 *
 * <p>A line may hold several records ({@code … type=CWD msg=audit(…): …}), a {@code node=}/{@code host=}
 * prefix, a {@code #} comment, or nothing. Whatever cannot be read becomes a {@link Malformation}: every
 * line is accounted for in {@link ParseStats}.
 */
public final class RecordParser implements LineSink {
    private static final byte[] TYPE = ascii("type=");
    private static final byte[] MSG_AUDIT = ascii("msg=audit(");
    private static final byte[] NODE = ascii("node=");
    private static final byte[] HOST = ascii("host=");

    private final RecordSink sink;
    private final ParseStats stats;
    private final TypeNameCache types = new TypeNameCache();
    private String lastNode;
    private byte[] lastNodeBytes = new byte[0];
    /** The node= of the previous record on the current line: records joined onto one line share it. */
    private String lineNode;

    private final RecordGate gate;
    /** Sees every record before the gate, so names are learned from records a question does not want too. */
    private Learner learner;

    /** Learns from records as they are read, before the gate decides on them. */
    public interface Learner {
        /** Whether the record's body {@code buf[from, to)} may teach anything: a cheap look at the bytes. */
        boolean candidate(byte[] buf, int from, int to);

        void learn(AuditRecord record);
    }

    public RecordParser(RecordSink sink, ParseStats stats) {
        this(sink, stats, RecordGate.ALL);
    }

    /** @param gate which records to build at all (the others are counted and skipped) */
    public RecordParser(RecordSink sink, ParseStats stats, RecordGate gate) {
        this.sink = sink;
        this.stats = stats;
        this.gate = gate;
    }

    public ParseStats stats() {
        return stats;
    }

    /**
     * Hands every record whose body the learner's {@link Learner#candidate} accepts to it, whether the gate wants it
     * or not (the names a log's ENRICHED fields give are learned from all of it).
     */
    public RecordParser learning(Learner learner) {
        this.learner = learner;
        return this;
    }

    @Override
    public void line(LogSource source, long lineNumber, byte[] buf, int off, int len, boolean truncated) {
        stats.lines++;
        if (truncated) {
            // the head of a cut line is exactly the reader's cap, whichever cap the reader was given
            malformed(source, lineNumber, "line longer than " + len + " bytes, skipped", buf, off, len);
            return;
        }
        int end = off + len;
        int p = off;
        while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        if (p == end) {
            stats.blank++;
            return;
        }
        if (buf[p] == '#') {
            stats.comments++;
            return;
        }
        int records = 0;
        lineNode = null;
        while (p < end) {
            int next = parseOne(source, lineNumber, buf, p, end, records);
            if (next < 0) {
                return; // reported
            }
            records++;
            p = next;
        }
        stats.recordLines++;
    }

    /** Parses one record at p; returns where the next one starts (end when none), or -1 after reporting. */
    private int parseOne(LogSource source, long lineNo, byte[] buf, int p, int end, int already) {
        String node = null;
        if (startsWith(buf, p, end, NODE) || startsWith(buf, p, end, HOST)) {
            int t = find(buf, p + 5, end, TYPE, true);
            if (t < 0) {
                return reject(source, lineNo, "node= prefix without a type= field", buf, p, end, already);
            }
            node = node(buf, p + 5, t - 1);
            p = t;
        } else if (already > 0) {
            node = lineNode;
        }
        lineNode = node;
        if (!startsWith(buf, p, end, TYPE)) {
            return reject(source, lineNo, "no type= at the start of the record", buf, p, end, already);
        }
        int ts = p + TYPE.length;
        int te = ts;
        while (te < end && buf[te] != ' ') {
            te++;
        }
        int m = te;
        while (m < end && buf[m] == ' ') {
            m++;
        }
        if (te == ts || !startsWith(buf, m, end, MSG_AUDIT)) {
            return reject(source, lineNo, "no msg=audit( header after the type", buf, p, end, already);
        }
        int h = m + MSG_AUDIT.length;
        // seconds
        long sec = 0;
        int ds = h;
        while (h < end && buf[h] >= '0' && buf[h] <= '9' && h - ds < 12) {
            sec = sec * 10 + (buf[h] - '0');
            h++;
        }
        if (h == ds || h >= end || buf[h] != '.') {
            String why = h < end && (buf[h] == '/' || buf[h] == '-')
                    ? "interpreted timestamp (ausearch -i output?); auditq reads raw audit logs"
                    : "bad timestamp in msg=audit(…)";
            return reject(source, lineNo, why, buf, p, end, already);
        }
        h++;
        int fs = h;
        long frac = 0;
        while (h < end && buf[h] >= '0' && buf[h] <= '9' && h - fs < 9) {
            frac = frac * 10 + (buf[h] - '0');
            h++;
        }
        int fdigits = h - fs;
        if (fdigits == 0 || h >= end || buf[h] != ':') {
            return reject(source, lineNo, "bad timestamp in msg=audit(…)", buf, p, end, already);
        }
        for (int k = fdigits; k < 3; k++) {
            frac *= 10;
        }
        for (int k = fdigits; k > 3; k--) {
            frac /= 10;
        }
        h++;
        int ss = h;
        long serial = 0;
        while (h < end && buf[h] >= '0' && buf[h] <= '9' && h - ss < 20) {
            serial = serial * 10 + (buf[h] - '0');
            h++;
        }
        if (h == ss || h >= end || buf[h] != ')') {
            return reject(source, lineNo, "bad serial in msg=audit(…)", buf, p, end, already);
        }
        h++;
        if (h < end && buf[h] == ':') {
            h++;
        } else {
            stats.problems++;
        }
        while (h < end && buf[h] == ' ') {
            h++;
        }
        int bodyStart = h;
        int next = nextRecord(buf, bodyStart, end);
        int bodyEnd = next;
        while (bodyEnd > bodyStart && buf[bodyEnd - 1] == ' ') {
            bodyEnd--;
        }
        int code = types.code(buf, ts, te);
        String typeName = types.lastName;
        stats.records++;
        AuditRecord learned = null;
        if (learner != null && learner.candidate(buf, bodyStart, bodyEnd)) {
            learned = new AuditRecord(code, typeName, node, sec * 1000 + frac, serial,
                    Arrays.copyOfRange(buf, bodyStart, bodyEnd), source, lineNo);
            learner.learn(learned);
        }
        if (!gate.wants(source, code, node, sec * 1000 + frac, serial, buf, bodyStart, bodyEnd)) {
            return next;
        }
        if (learned != null) {
            sink.record(learned); // already built (and its fields indexed)
            return next;
        }
        byte[] body = Arrays.copyOfRange(buf, bodyStart, bodyEnd);
        sink.record(new AuditRecord(code, typeName, node, sec * 1000 + frac, serial, body, source, lineNo));
        return next;
    }

    /** Parses a netlink payload ({@code audit(…): …}, no type= prefix: the type is the netlink message type). */
    public void payload(int type, byte[] buf, int off, int len, LogSource source, long seq) {
        String name = RecordTypes.name(type);
        String typeName = name != null ? name : "UNKNOWN[" + type + "]";
        byte[] line = ("type=" + typeName + " msg=").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[line.length + len];
        System.arraycopy(line, 0, all, 0, line.length);
        System.arraycopy(buf, off, all, line.length, len);
        int n = all.length;
        while (n > 0 && (all[n - 1] == 0 || all[n - 1] == '\n')) {
            n--;
        }
        line(source, seq, all, 0, n, false);
    }

    private int reject(LogSource source, long lineNo, String reason, byte[] buf, int p, int end, int already) {
        if (already > 0) {
            reason = reason + " (after " + already + " record" + (already > 1 ? "s" : "") + " on the same line)";
        }
        malformed(source, lineNo, reason, buf, p, end - p);
        return -1;
    }

    private void malformed(LogSource source, long lineNo, String reason, byte[] buf, int off, int len) {
        stats.malformed++;
        sink.malformed(Malformation.of(source, lineNo, reason, buf, off, len));
    }

    /**
     * Where the next record on this line starts: at " type=NAME msg=audit(" (with its node= prefix, if any).
     * The kernel hex-encodes any value holding a space, so this pattern cannot come from inside a value.
     */
    private static int nextRecord(byte[] buf, int from, int end) {
        int i = from;
        while (true) {
            int t = findMsgAudit(buf, i, end);
            if (t < 0) {
                return end;
            }
            // back up over " type=NAME " to the record start
            int s = t - 1;
            while (s > from && buf[s] == ' ') {
                s--;
            }
            while (s > from && buf[s] != ' ' && buf[s] != '=') {
                s--;
            }
            if (s - TYPE.length + 1 >= from && buf[s] == '=' && startsWith(buf, s - 4, end, TYPE)
                    && s - 4 > from && buf[s - 5] == ' ') {
                int start = s - 4;
                return withNodePrefix(buf, from, start);
            }
            i = t + MSG_AUDIT.length;
        }
    }

    /**
     * Like {@code find(buf, from, end, MSG_AUDIT, false)}, but scans for the rare '(' eight bytes at a time and
     * then looks back for "msg=audit": every body is scanned to its end, so this is the parser's hottest loop.
     */
    private static int findMsgAudit(byte[] buf, int from, int end) {
        int tail = MSG_AUDIT.length - 1; // position of '(' in the pattern
        int i = from + tail;
        while (true) {
            int paren = LineReader.indexOf(buf, (byte) '(', i, end);
            if (paren < 0) {
                return -1;
            }
            int t = paren - tail;
            if (startsWith(buf, t, end, MSG_AUDIT)) {
                return t;
            }
            i = paren + 1;
        }
    }

    /** Extends a record start leftwards over a " node=…" or " host=…" prefix (values may hold spaces, not '='). */
    private static int withNodePrefix(byte[] buf, int from, int typeStart) {
        for (int i = typeStart - 2; i > from; i--) {
            byte c = buf[i];
            if (c == '=') {
                if (i - 4 > from && buf[i - 5] == ' '
                        && (startsWith(buf, i - 4, typeStart, NODE) || startsWith(buf, i - 4, typeStart, HOST))) {
                    return i - 4;
                }
                return typeStart;
            }
            if (c == '"' || c == '\'' || c == 0x1d) {
                return typeStart;
            }
        }
        return typeStart;
    }

    private String node(byte[] buf, int s, int e) {
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        int len = e - s;
        if (lastNode != null && len == lastNodeBytes.length && Arrays.equals(buf, s, e, lastNodeBytes, 0, len)) {
            return lastNode;
        }
        lastNodeBytes = Arrays.copyOfRange(buf, s, e);
        lastNode = Hex.text(lastNodeBytes);
        return lastNode;
    }

    private static boolean startsWith(byte[] buf, int p, int end, byte[] prefix) {
        if (p < 0 || end - p < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf[p + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Finds the pattern; with afterSpace, only where it follows a space. */
    private static int find(byte[] buf, int from, int end, byte[] pat, boolean afterSpace) {
        byte first = pat[0];
        int last = end - pat.length;
        for (int i = from; i <= last; i++) {
            if (buf[i] == first && startsWith(buf, i, end, pat) && (!afterSpace || (i > 0 && buf[i - 1] == ' '))) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Remembers recent type names so a record's type costs no allocation. */
    private static final class TypeNameCache {
        private final byte[][] keys = new byte[128][];
        private final String[] names = new String[128];
        private final int[] codes = new int[128];
        String lastName;

        int code(byte[] buf, int s, int e) {
            int h = 0;
            for (int i = s; i < e; i++) {
                h = 31 * h + buf[i];
            }
            int slot = (h ^ (h >>> 7)) & 127;
            byte[] k = keys[slot];
            if (k != null && Arrays.equals(k, 0, k.length, buf, s, e)) {
                lastName = names[slot];
                return codes[slot];
            }
            String name = new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
            int code = decode(name);
            keys[slot] = Arrays.copyOfRange(buf, s, e);
            names[slot] = name;
            codes[slot] = code;
            lastName = name;
            return code;
        }

        private static int decode(String name) {
            if (name.startsWith("UNKNOWN[") && name.endsWith("]")) {
                try {
                    return Integer.parseInt(name, 8, name.length() - 1, 10);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return RecordTypes.code(name);
        }
    }
}
