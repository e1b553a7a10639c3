package io.auditq.parser.record;

import io.auditq.parser.input.LogSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One audit record ({@code type=SYSCALL msg=audit(…): …}) as the kernel or a user-space tool wrote it.
 *
 * <p>Only the header is decoded eagerly; the body stays bytes, and its {@code key=value} fields are indexed
 * on the first lookup, so a reader that only needs the type and serial pays for nothing else.
 * Immutable to callers; the lazy index is a benign race (computed identically by any thread).
 */
public final class AuditRecord {
    /** Field kinds, as bits: how the value was written. */
    public static final int DOUBLE_QUOTED = 1, SINGLE_QUOTED = 2, BRACED = 4, ENRICHED = 8, INNER = 16;
    private static final byte GS = 0x1d; // auditd's separator before ENRICHED fields
    private static final int STRIDE = 5;

    private final int type;
    private final String typeName;
    private final String node;
    private final long timeMillis;
    private final long serial;
    private final byte[] body;
    private final LogSource source;
    private final long line;
    private int[] index;
    private int fieldCount;

    public AuditRecord(int type, String typeName, String node, long timeMillis, long serial,
                       byte[] body, LogSource source, long line) {
        this.type = type;
        this.typeName = typeName;
        this.node = node;
        this.timeMillis = timeMillis;
        this.serial = serial;
        this.body = body;
        this.source = source;
        this.line = line;
    }

    /** Numeric record type (1300 for SYSCALL); from {@code UNKNOWN[n]} too; -1 when the name is not in the table. */
    public int type() { return type; }

    /** The type as written: {@code SYSCALL}, or {@code UNKNOWN[1334]}. */
    public String typeName() { return typeName; }

    /** The {@code node=} (or {@code host=}) prefix, or null. */
    public String node() { return node; }

    /** Event time from the record header, epoch milliseconds: the log is the clock. */
    public long timeMillis() { return timeMillis; }

    public Instant time() { return Instant.ofEpochMilli(timeMillis); }

    public long serial() { return serial; }

    public LogSource source() { return source; }

    /** 1-based line in the source (the netlink sequence number for live capture). */
    public long line() { return line; }

    /** The body bytes after {@code ): }, ENRICHED part included. Do not modify. */
    public byte[] body() { return body; }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The record in auditd's RAW line format (without newline), ENRICHED fields dropped. */
    public String rawLine() {
        int end = body.length;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == GS) {
                end = i;
                break;
            }
        }
        StringBuilder sb = new StringBuilder(end + 64);
        if (node != null) {
            sb.append("node=").append(node).append(' ');
        }
        sb.append("type=").append(typeName).append(" msg=audit(")
                .append(timeMillis / 1000).append('.').append(String.format("%03d", timeMillis % 1000))
                .append(':').append(serial).append("): ")
                .append(new String(body, 0, end, StandardCharsets.UTF_8));
        return sb.toString();
    }

    // ---- fields ----

    /**
     * Builds the field index now, so that a reading thread pays for it rather than the thread that assembles and
     * decodes events; the record must then be handed over through a happens-before edge (a blocking queue).
     */
    public AuditRecord indexed() {
        ensureIndex();
        return this;
    }

    /** Number of fields found in the body, inner msg='…' fields and ENRICHED fields included. */
    public int fieldCount() {
        ensureIndex();
        return fieldCount;
    }

    public String fieldKey(int i) {
        ensureIndex();
        int b = i * STRIDE;
        return ascii(index[b], index[b + 1]);
    }

    /** Whether field i's key is this one, without making a string of it (a hot path: every record's fields). */
    public boolean fieldKeyIs(int i, String key) {
        ensureIndex();
        int b = i * STRIDE, s = index[b], n = index[b + 1] - s;
        if (n != key.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (body[s + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The value of field i as written, quotes removed. */
    public String fieldRaw(int i) {
        ensureIndex();
        int b = i * STRIDE;
        return utf8(index[b + 2], index[b + 3]);
    }

    public int fieldKind(int i) {
        ensureIndex();
        return index[i * STRIDE + 4];
    }

    /** Position of the first field with this exact key among the kernel (non-ENRICHED) fields, or -1. */
    public int find(String key) {
        return find(key, false);
    }

    private int find(String key, boolean enriched) {
        ensureIndex();
        int klen = key.length();
        outer:
        for (int f = 0; f < fieldCount; f++) {
            int b = f * STRIDE;
            if (index[b + 1] - index[b] != klen || ((index[b + 4] & ENRICHED) != 0) != enriched) {
                continue;
            }
            int s = index[b];
            for (int k = 0; k < klen; k++) {
                if (body[s + k] != key.charAt(k)) {
                    continue outer;
                }
            }
            return f;
        }
        return -1;
    }

    /** The value of the last field with this key (old LOGIN records write "old auid=… new auid=…"). */
    public String rawLast(String key) {
        ensureIndex();
        String found = null;
        for (int f = 0; f < fieldCount; f++) {
            if ((index[f * STRIDE + 4] & ENRICHED) == 0 && index[f * STRIDE + 1] - index[f * STRIDE] == key.length()
                    && fieldKey(f).equals(key)) {
                found = fieldRaw(f);
            }
        }
        return found;
    }

    public boolean has(String key) {
        return find(key) >= 0;
    }

    /** The value as written, without quotes; null when absent. */
    public String raw(String key) {
        int f = find(key);
        return f < 0 ? null : fieldRaw(f);
    }

    /** True when the value was written in double quotes (a literal string, not hex). */
    public boolean quoted(String key) {
        int f = find(key);
        return f >= 0 && (index[f * STRIDE + 4] & (DOUBLE_QUOTED | SINGLE_QUOTED)) != 0;
    }

    /**
     * A string field the kernel encodes as hex when it holds spaces, quotes, controls or non-ASCII bytes:
     * quoted means literal, unquoted hex is decoded (also with a {@linkplain #strayQuote stray '"'} after it),
     * {@code (null)} means null, anything else is kept as written.
     */
    public String text(String key) {
        byte[] b = bytes(key);
        return b == null ? null : Hex.text(b);
    }

    /** The bytes of a possibly hex-encoded string field (see {@link #text}); null when absent or (null). */
    public byte[] bytes(String key) {
        int f = find(key);
        return f < 0 ? null : fieldBytes(f);
    }

    /** {@link #bytes(String)} of field i: for callers that walk the fields once instead of looking keys up. */
    public byte[] fieldBytes(int f) {
        ensureIndex();
        int b = f * STRIDE;
        int vs = index[b + 2], ve = index[b + 3];
        if ((index[b + 4] & (DOUBLE_QUOTED | SINGLE_QUOTED | BRACED)) != 0) {
            return java.util.Arrays.copyOfRange(body, vs, ve);
        }
        if (ve - vs == 6 && body[vs] == '(' && body[ve - 1] == ')') {
            return null; // (null) and (none)
        }
        byte[] decoded = Hex.decode(body, vs, ve - vs);
        if (decoded == null && hexThenQuote(b)) {
            decoded = Hex.decode(body, vs, ve - vs - 1);
        }
        return decoded != null ? decoded : java.util.Arrays.copyOfRange(body, vs, ve);
    }

    /**
     * True when field f is unquoted hex followed by a stray {@code "} ({@code comm=6C73"}), which {@link #fieldBytes}
     * decodes without the quote, as ausearch -i does: keeping it as written would hide a title or name from every
     * rule that reads the decoded text. The kernel never writes one (a string holding a {@code "} is hex-encoded
     * whole), so the line was damaged or altered and callers should say so.
     */
    public boolean strayQuote(int f) {
        ensureIndex();
        return hexThenQuote(f * STRIDE);
    }

    private boolean hexThenQuote(int b) {
        int vs = index[b + 2], ve = index[b + 3];
        int hex = ve - vs - 1;
        return (index[b + 4] & (DOUBLE_QUOTED | SINGLE_QUOTED | BRACED)) == 0 && hex >= 2 && (hex & 1) == 0
                && body[ve - 1] == '"' && Hex.isHex(body, vs, hex);
    }

    /** True when the field is present, unquoted and a whole number of hex bytes: i.e. it was hex-encoded. */
    public boolean hexEncoded(String key) {
        int f = find(key);
        if (f < 0 || (index[f * STRIDE + 4] & (DOUBLE_QUOTED | SINGLE_QUOTED | BRACED)) != 0) {
            return false;
        }
        int vs = index[f * STRIDE + 2], ve = index[f * STRIDE + 3];
        return Hex.isHex(body, vs, ve - vs) && ((ve - vs) & 1) == 0 && ve > vs;
    }

    /** A decimal number field (pid, uid, exit, ses…); dflt when absent or not a number. */
    public long decimal(String key, long dflt) {
        int f = find(key);
        if (f < 0) {
            return dflt;
        }
        int b = f * STRIDE;
        return Numbers.decimal(body, index[b + 2], index[b + 3], dflt);
    }

    /** A hex number field (a0..a3, arch); dflt when absent or not hex. */
    public long hexNumber(String key, long dflt) {
        int f = find(key);
        if (f < 0) {
            return dflt;
        }
        int b = f * STRIDE;
        return Numbers.hex(body, index[b + 2], index[b + 3], dflt);
    }

    /** The ENRICHED interpretation auditd appended (e.g. {@code AUID} → {@code alice}); null when absent. */
    public String enriched(String key) {
        int f = find(key, true);
        return f < 0 ? null : fieldRaw(f);
    }

    /** All keys with their raw values, in order; for printing and debugging. */
    public List<String[]> fields() {
        ensureIndex();
        List<String[]> out = new ArrayList<>(fieldCount);
        for (int f = 0; f < fieldCount; f++) {
            out.add(new String[] {fieldKey(f), fieldRaw(f)});
        }
        return out;
    }

    private String ascii(int s, int e) {
        return new String(body, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private String utf8(int s, int e) {
        return new String(body, s, e - s, StandardCharsets.UTF_8);
    }

    // ---- the body tokenizer ----

    private void ensureIndex() {
        if (index == null) {
            int[] idx = new int[STRIDE * 16];
            Tokenizer t = new Tokenizer(idx);
            t.scan(0, body.length, false);
            fieldCount = t.count;
            index = t.idx;
        }
    }

    /** key=value scanning over the body; bare words (AVC's "avc: denied { read } for") are skipped. */
    private final class Tokenizer {
        int[] idx;
        int count;

        Tokenizer(int[] idx) {
            this.idx = idx;
        }

        void scan(int from, int to, boolean inner) {
            boolean enriched = false;
            int i = from;
            while (i < to) {
                byte c = body[i];
                if (c == GS) {
                    enriched = true;
                    i++;
                    continue;
                }
                if (c == ' ') {
                    i++;
                    continue;
                }
                int ks = i;
                while (i < to && body[i] != '=' && body[i] != ' ' && body[i] != GS) {
                    i++;
                }
                if (i >= to || body[i] != '=') {
                    continue; // a bare word
                }
                int ke = i++;
                while (ks < ke && body[ks] == '(') {
                    ks++; // the old PAM form: (hostname=?, addr=?, terminal=pts/1 res=success)
                }
                int kind = inner ? INNER : 0;
                if (enriched || isUpperKey(ks, ke)) {
                    kind |= ENRICHED;
                }
                int vs, ve;
                if (i < to && body[i] == '"') {
                    vs = i + 1;
                    ve = indexOf((byte) '"', vs, to);
                    if (ve < 0) {
                        ve = stop(vs, to);
                        i = ve;
                    } else {
                        i = ve + 1;
                    }
                    kind |= DOUBLE_QUOTED;
                } else if (i < to && body[i] == '\'') {
                    vs = i + 1;
                    int limit = indexOf(GS, vs, to);
                    if (limit < 0) {
                        limit = to;
                    }
                    ve = lastIndexOf((byte) '\'', vs, limit);
                    if (ve < 0) {
                        ve = limit;
                    }
                    i = Math.min(ve + 1, to);
                    kind |= SINGLE_QUOTED;
                } else if (i < to && body[i] == '{') {
                    vs = i + 1;
                    ve = indexOf((byte) '}', vs, to);
                    if (ve < 0) {
                        ve = stop(vs, to);
                        i = ve;
                    } else {
                        i = ve + 1;
                    }
                    while (vs < ve && body[vs] == ' ') {
                        vs++;
                    }
                    while (ve > vs && body[ve - 1] == ' ') {
                        ve--;
                    }
                    kind |= BRACED;
                } else {
                    vs = i;
                    ve = stop(i, to);
                    i = ve;
                    if (inner && ve > vs && (body[ve - 1] == ',' || body[ve - 1] == ')')) {
                        ve--;
                    }
                }
                if (ke > ks) {
                    add(ks, ke, vs, ve, kind);
                }
                if ((kind & SINGLE_QUOTED) != 0 && !inner) {
                    scan(vs, ve, true);
                }
            }
        }

        private int stop(int from, int to) {
            int i = from;
            while (i < to && body[i] != ' ' && body[i] != GS) {
                i++;
            }
            return i;
        }

        private void add(int ks, int ke, int vs, int ve, int kind) {
            int b = count * STRIDE;
            if (b + STRIDE > idx.length) {
                idx = java.util.Arrays.copyOf(idx, idx.length * 2);
            }
            idx[b] = ks;
            idx[b + 1] = ke;
            idx[b + 2] = vs;
            idx[b + 3] = ve;
            idx[b + 4] = kind;
            count++;
        }
    }

    private boolean isUpperKey(int s, int e) {
        boolean letter = false;
        for (int i = s; i < e; i++) {
            byte c = body[i];
            if (c >= 'A' && c <= 'Z') {
                letter = true;
            } else if (!(c == '_' || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return letter;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(byte b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return source + ":" + line + " " + typeName + " " + timeMillis + ":" + serial;
    }
}
