package io.auditq.cli.out;

import io.auditq.query.export.VisibleText;

/**
 * Makes attacker-controlled text safe for a terminal: control characters, escape sequences and invisible
 * characters are shown as {@code \xNN} (as {@code ausearch --escape tty} does), never passed through raw
 * ({@link VisibleText} says which). A final newline is kept, so a whole line can be passed. Backslash is not
 * escaped: the parser already writes an invalid UTF-8 byte as the text {@code \xNN}, and doubling it would only
 * make every such byte harder to read (CSV, read by programs, doubles it).
 */
public final class Terminal {
    private Terminal() {
    }

    /** Escapes everything but printable text, keeping a final newline; null becomes the empty string. */
    public static String safe(String s) {
        if (s == null) {
            return "";
        }
        if (s.endsWith("\n")) {
            String body = s.substring(0, s.length() - 1);
            String safe = VisibleText.escape(body, false);
            return safe == body ? s : safe + "\n";
        }
        return VisibleText.escape(s, false);
    }
}
