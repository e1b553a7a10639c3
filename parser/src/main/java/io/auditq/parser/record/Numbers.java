package io.auditq.parser.record;

/** Field-specific number parsing straight from the record's bytes, without building strings. */
public final class Numbers {
    private Numbers() {
    }

    /** Signed decimal; dflt when empty, not a number, or beyond 64 bits. */
    public static long decimal(byte[] b, int s, int e, long dflt) {
        if (s >= e) {
            return dflt;
        }
        boolean neg = b[s] == '-';
        int i = neg ? s + 1 : s;
        if (i >= e || e - i > 19) {
            return dflt;
        }
        long v = 0;
        for (; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return dflt;
            }
            v = v * 10 + d;
        }
        if (v < 0) {
            return dflt;
        }
        return neg ? -v : v;
    }

    /** Unsigned hex, up to 16 digits (a0..a3 are full 64-bit words); dflt when not hex. */
    public static long hex(byte[] b, int s, int e, long dflt) {
        if (s >= e || e - s > 16) {
            return dflt;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int c = b[i];
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                return dflt;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
