package io.auditq.parser.record;

import io.auditq.parser.input.LogSource;

/**
 * An input line (or part of one) that could not be read as an audit record, or a record that was read but
 * contradicts another (a key collision): counted and reported, never silently dropped.
 *
 * @param snippet at most {@link #SNIPPET_MAX} characters of the line, with control bytes escaped, and '…' when cut
 * @param kept    true when the record was still read (a key collision: it is in its event, which says so); false
 *                for a line that was skipped
 */
public record Malformation(LogSource source, long line, String reason, String snippet, boolean kept) {
    public static final int SNIPPET_MAX = 120;

    public static Malformation of(LogSource source, long line, String reason, byte[] buf, int off, int len) {
        return new Malformation(source, line, reason, snippet(buf, off, len), false);
    }

    /** A record kept in its event although another record there has its type and key but different content. */
    public static Malformation collision(AuditRecord second, AuditRecord first) {
        byte[] line = second.rawLine().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sameFile = first.source().equals(second.source()) ? "line " + first.line()
                : first.source().name() + ":" + first.line();
        return new Malformation(second.source(), second.line(), "key collision: a second, different "
                + second.typeName() + " record under the node, time and serial of the one at " + sameFile
                + " (two events logged under one key, or an altered log); both are kept in one event, which says so",
                snippet(line, 0, line.length), true);
    }

    /** A bounded, printable view of raw bytes: the place is named, the attacker's bytes are not replayed. */
    public static String snippet(byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder(Math.min(len, SNIPPET_MAX) + 8);
        int end = off + len;
        for (int i = off; i < end; i++) {
            int b = buf[i] & 0xff;
            boolean plain = b >= 0x20 && b < 0x7f && b != '\\';
            // an escape is four characters: stop before it would cross the bound, not after
            if (sb.length() + (plain ? 1 : 4) > SNIPPET_MAX) {
                sb.append('…');
                break;
            }
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    public String where() {
        return source.name() + ":" + line;
    }

    @Override
    public String toString() {
        return where() + ": " + reason + ": " + snippet;
    }
}
