package io.auditq.parser.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ausearch -i} output read back: its events (the blocks between {@code ----} lines) and each record's
 * interpreted fields, and ausearch's way of writing values, for tests that compare auditq with it.
 */
public final class AusearchOutput {
    private static final Pattern HEADER = Pattern.compile(
            "^(?:node=(\\S+) )?type=(\\S+) msg=audit\\((\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d):(\\d+)\\)(?: :)? *(.*)$",
            Pattern.DOTALL);
    // a record whose header lacks its ':' (DAEMON_END "… auditd normal halt") is printed without " :"

    /** A field starts at a space followed by key=, where a key is a name as audit writes them. */
    private static final Pattern FIELD_START = Pattern.compile(" (?=[A-Za-z_][A-Za-z0-9_\\[\\]-]*=)");

    private AusearchOutput() {
    }

    /** One record: node (null when none), type, time as ausearch prints it (MM/dd/yy HH:mm:ss.SSS), serial, fields. */
    public record Record(String node, String type, String time, long serial, Map<String, String> fields) {
    }

    /** One event as ausearch prints it; {@code unread}: text in it that is no record (ausearch echoes some). */
    public record Block(List<Record> records, List<String> unread) {
        public List<Map<String, String>> all(String type) {
            List<Map<String, String>> out = new ArrayList<>();
            for (Record r : records) {
                if (r.type().equals(type)) {
                    out.add(r.fields());
                }
            }
            return out;
        }

        public Map<String, String> first(String type) {
            for (Record r : records) {
                if (r.type().equals(type)) {
                    return r.fields();
                }
            }
            return null;
        }
    }

    /** The events of the output, in the order printed. */
    public static List<Block> parse(String out) {
        List<Block> blocks = new ArrayList<>();
        for (String block : out.split("(?m)^----\\n")) {
            List<Record> records = new ArrayList<>();
            List<String> unread = new ArrayList<>();
            // A record ends where the next begins: a value may hold a newline (an EXECVE argument does).
            for (String rec : block.split("\\n(?=(?:node=\\S+ )?type=\\S+ msg=audit\\()")) {
                if (rec.isBlank() || rec.startsWith("<no matches>")) {
                    continue;
                }
                String line = rec.endsWith("\n") ? rec.substring(0, rec.length() - 1) : rec;
                Matcher m = HEADER.matcher(line);
                if (!m.matches()) {
                    unread.add(line);
                    continue;
                }
                records.add(new Record(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4)),
                        fields(m.group(2), m.group(5))));
            }
            if (!records.isEmpty()) {
                blocks.add(new Block(List.copyOf(records), List.copyOf(unread)));
            } else if (!unread.isEmpty()) {
                blocks.add(new Block(List.of(), List.copyOf(unread)));
            }
        }
        return blocks;
    }

    /** A record's body as key → value; the first of a repeated key wins, and the last is also under key#last. */
    public static Map<String, String> fields(String type, String body) {
        Map<String, String> f = new LinkedHashMap<>();
        if (type.equals("PROCTITLE") && body.startsWith("proctitle=")) {
            // the whole rest: a title is a command line, with spaces and '=' of its own
            f.put("proctitle", body.substring("proctitle=".length()).stripTrailing());
            return f;
        }
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = body.substring(i, eq);
            int vs = eq + 1;
            int end;
            if (body.startsWith("{", vs)) {
                // "{ saddr_fam=local path=/tmp/{x} }": the value may hold braces; ausearch closes with " }"
                end = body.indexOf(" }", vs);
                end = end < 0 ? body.indexOf('}', vs) : end + 1;
                end = end < 0 ? body.length() : end + 1;
            } else {
                Matcher m = FIELD_START.matcher(body);
                end = m.find(vs) ? m.start() : body.length();
            }
            String value = body.substring(vs, end).stripTrailing();
            if (f.putIfAbsent(key, value) != null) {
                f.putIfAbsent(key + "#last", value);
                f.put(key + "#last", value); // old LOGIN records: "old auid=… new auid=…"
            }
            i = end;
            while (i < body.length() && body.charAt(i) == ' ') {
                i++;
            }
        }
        return f;
    }

    /** Inside ausearch's {@code { saddr_fam=inet laddr=127.0.0.1 lport=80 }}. */
    public static Map<String, String> braced(String v) {
        Map<String, String> m = new LinkedHashMap<>();
        String inner = v.strip();
        if (inner.startsWith("{")) {
            inner = inner.substring(1);
        }
        if (inner.endsWith("}")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        for (String kv : inner.trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    /**
     * A decoded string as ausearch -i prints it: control characters as a backslash and three octal digits
     * ({@code \012} for a newline), so that an argument cannot forge a line of its output. auditq keeps the
     * real bytes (its JSON output escapes them itself), so a comparison applies ausearch's escaping.
     */
    public static String escaped(String v) {
        if (v == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\%03o", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** st_mode as ausearch prints it: file type, special bits, permission bits in octal. */
    public static String modeText(int mode) {
        String type = switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "dir";
            case 0020000 -> "character";
            case 0060000 -> "block";
            case 0010000 -> "fifo";
            case 0120000 -> "link";
            case 0140000 -> "socket";
            default -> String.format("%o", mode & 0170000);
        };
        StringBuilder sb = new StringBuilder(type).append(',');
        if ((mode & 04000) != 0) {
            sb.append("suid,");
        }
        if ((mode & 02000) != 0) {
            sb.append("sgid,");
        }
        if ((mode & 01000) != 0) {
            sb.append("sticky,");
        }
        return sb.append(String.format("%03o", mode & 0777)).toString();
    }
}
