package io.auditq.cli.out;

/**
 * Makes attacker-controlled text safe for a terminal: control characters and escape sequences are shown
 * as {@code \xNN} (as {@code ausearch --escape tty} does), never passed through raw.
 *
 * <p>Escaped: C0 controls (ESC starts every terminal escape sequence; CR, BS and TAB redraw the line), DEL,
 * C1 controls (U+0080–U+009F: U+009B is an 8-bit CSI), the invisible format characters (Unicode category Cf:
 * bidirectional overrides and isolates that reorder what a line shows, zero-width characters), the line and
 * paragraph separators, and lone surrogates (which no encoder can print). A final newline is kept, so a whole
 * line can be passed. Backslash is not escaped: the parser already writes an invalid UTF-8 byte as the text
 * {@code \xNN}, and doubling it would only make every such byte harder to read.
 */
public final class Terminal {
    private Terminal() {
    }

    /** Escapes everything but printable text, keeping a final newline; null becomes the empty string. */
    public static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            int cp = pair ? Character.toCodePoint(c, s.charAt(i + 1)) : c;
            if (bad(cp) && !(c == '\n' && i == n - 1)) {
                if (sb == null) {
                    sb = new StringBuilder(n + 16).append(s, 0, i);
                }
                if (cp < 0x100) {
                    sb.append("\\x").append(hex(cp >> 4)).append(hex(cp));
                } else {
                    sb.append(cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                }
            } else if (sb != null) {
                sb.append(c);
                if (pair) {
                    sb.append(s.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean bad(int cp) {
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
                 Character.CONTROL -> true;
            default -> false;
        };
    }

    private static char hex(int nibble) {
        return "0123456789abcdef".charAt(nibble & 0xf);
    }
}
