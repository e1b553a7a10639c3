package io.auditq.parser.record;

import java.nio.charset.StandardCharsets;

/** The kernel's hex encoding of strings, and a lossless bytes-to-text rule for attacker-controlled bytes. */
public final class Hex {
    private static final byte[] VALUE = new byte[256];
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < 10; i++) {
            VALUE['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            VALUE['a' + i] = (byte) (10 + i);
            VALUE['A' + i] = (byte) (10 + i);
        }
    }

    private Hex() {
    }

    public static boolean isHex(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (VALUE[b[i] & 0xff] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes hex digits to bytes; null when the length is odd or a non-hex digit appears. */
    public static byte[] decode(byte[] b, int off, int len) {
        if ((len & 1) != 0 || len == 0) {
            return null;
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = VALUE[b[off + 2 * i] & 0xff];
            int lo = VALUE[b[off + 2 * i + 1] & 0xff];
            if ((hi | lo) < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    public static byte[] decode(String s) {
        byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
        return decode(a, 0, a.length);
    }

    /** Upper-case hex, as the kernel writes it. */
    public static String encode(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Bytes as text: valid UTF-8 is decoded, every byte of an invalid sequence becomes the four characters
     * {@code \xNN}. Nothing is replaced by U+FFFD, so no evidence is lost; printers escape controls later.
     */
    public static String text(byte[] b) {
        return text(b, 0, b.length);
    }

    public static String text(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(len + 16);
        sb.append(new String(b, off, i - off, StandardCharsets.ISO_8859_1));
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int n = utf8Length(b, i, end);
            if (n > 0) {
                sb.append(new String(b, i, n, StandardCharsets.UTF_8));
                i += n;
            } else {
                sb.append("\\x").append(DIGITS[c >> 4]).append(DIGITS[c & 0xf]);
                i++;
            }
        }
        return sb.toString();
    }

    /** Length of the well-formed UTF-8 sequence starting at i, or 0 (overlongs and surrogates are ill-formed). */
    static int utf8Length(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int cp = c & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }
}
