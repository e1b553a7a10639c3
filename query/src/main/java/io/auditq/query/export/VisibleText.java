package io.auditq.query.export;

/**
 * Text from the evidence made visible: every character that a terminal would act on or hide is written as an
 * escape, so that output shown with {@code cat} cannot move the cursor, recolour, retitle or reorder the screen.
 *
 * <p>Escaped: C0 controls (ESC starts every terminal escape sequence; CR, BS and TAB redraw the line; LF would
 * split a record), DEL and C1 controls (U+0080–U+009F: U+009B is an 8-bit CSI) as {@code \xNN}; the invisible
 * format characters (Unicode category Cf: bidirectional overrides and isolates, zero-width characters), the line
 * and paragraph separators and lone surrogates as a backslash, {@code u} and four hex digits. With {@code backslash}, a backslash is written
 * {@code \\}, which makes the form reversible (CSV, read by programs); without it (tables, read by people) a
 * backslash stays as it is, because the parser already writes an invalid UTF-8 byte as the text {@code \xNN}.
 */
public final class VisibleText {
    private VisibleText() {
    }

    /** The text with every unsafe character escaped; the same string when there is none. */
    public static String escape(String s, boolean backslash) {
        int n = s.length();
        int i = 0;
        while (i < n && !needsEscape(s, i, backslash)) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i >= n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            int cp = pair ? Character.toCodePoint(c, s.charAt(i + 1)) : c;
            if (!needsEscape(s, i, backslash)) {
                sb.appendCodePoint(cp);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (cp < 0x100) {
                sb.append("\\x").append(hex(cp >> 4)).append(hex(cp));
            } else {
                sb.append(cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            }
            i += pair ? 2 : 1;
        }
        return sb.toString();
    }

    /** Whether the character (or surrogate pair) at {@code i} is written escaped. */
    private static boolean needsEscape(String s, int i, boolean backslash) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return backslash && c == '\\';
        }
        boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return unsafe(pair ? Character.toCodePoint(c, s.charAt(i + 1)) : c);
    }

    /** Whether a code point is one a terminal acts on or hides. */
    public static boolean unsafe(int cp) {
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
