package io.auditq.query.export;

import java.util.List;

/**
 * Text for CSV cells that evidence cannot turn against the analyst. Control characters and the other characters
 * a terminal acts on are escaped ({@link VisibleText}, backslash doubled so the form is reversible), because a
 * CSV is shown with {@code cat} as often as it is loaded. A cell starting with {@code =}, {@code +}, {@code -} or
 * {@code @} would be a formula in a spreadsheet (an attacker chooses process names and arguments), so such text
 * gets a leading {@code '}. Numbers are never touched. Lists (argv) are joined shell-quoted, so a cell reads back
 * as the command line.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /** The cell for a text value; a raw style leaves it as the evidence has it. */
    public static String text(String s, CsvStyle style) {
        if (s == null || s.isEmpty() || style.raw()) {
            return s;
        }
        String visible = VisibleText.escape(s, true);
        char c = visible.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' ? "'" + visible : visible;
    }

    /** An argv as one shell-quoted command line: {@code sh -c 'echo hi'}. */
    public static String argv(List<String> argv) {
        if (argv == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(shellQuote(a));
        }
        return sb.toString();
    }

    /** A word as a POSIX shell would read it back: bare when safe, else in single quotes. */
    public static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "@%+=:,./-_".indexOf(c) >= 0;
            if (!safe) {
                return "'" + s.replace("'", "'\\''") + "'";
            }
        }
        return s;
    }
}
