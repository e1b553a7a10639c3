package io.auditq.cli.out;

/**
 * Makes attacker-controlled text safe for a terminal: control characters and escape sequences are shown
 * as {@code \xNN} (as {@code ausearch --escape tty} does), never passed through raw.
 */
public final class Terminal {
    private Terminal() {
    }

    /** Escapes everything but printable text, keeping a final newline. */
    public static String safe(String s) {
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && !(c == '\n' && i == n - 1)) || c == 0x7f || (c >= 0x80 && c < 0xa0)
                    || c == '\u2028' || c == '\u2029' || c == '\u202e' || c == '\u202d'
                    || (c >= '\u2066' && c <= '\u2069') || c == '\u200f' || c == '\u200e';
            if (bad) {
                if (sb == null) {
                    sb = new StringBuilder(n + 16).append(s, 0, i);
                }
                if (c < 0x100) {
                    sb.append(String.format("\\x%02x", (int) c));
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
