package io.auditq.parser.normal;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Hex;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a process's argv from its EXECVE records: {@code aN} as a literal or hex, or split by the kernel into
 * {@code aN_len} and {@code aN[k]} fragments over several records. argc may exceed what was logged.
 */
public final class ProcessArgs {

    /** @param problem why argv is shorter or otherwise doubtful, or null */
    public record Argv(List<String> args, long argc, String problem) {
    }

    private ProcessArgs() {
    }

    public static Argv fromExecve(List<AuditRecord> execve) {
        if (execve.isEmpty()) {
            return null;
        }
        long argc = -1;
        for (AuditRecord r : execve) {
            long a = r.decimal("argc", -1);
            if (a >= 0) {
                argc = a;
                break;
            }
        }
        // one pass over the fields, then lookups: a key-by-key scan is quadratic in the (attacker-chosen) arg count
        Map<String, Field> fields = new HashMap<>();
        for (AuditRecord r : execve) {
            for (int f = 0, n = r.fieldCount(); f < n; f++) {
                if ((r.fieldKind(f) & AuditRecord.ENRICHED) == 0) {
                    fields.putIfAbsent(r.fieldKey(f), new Field(r, f));
                }
            }
        }
        List<String> args = new ArrayList<>();
        String problem = null;
        // past argc too: arguments that are in the log are shown, whatever argc claims
        for (int i = 0; ; i++) {
            String value = argument(fields, i);
            if (value == null) {
                if (argc >= 0 && i < argc) {
                    problem = "argc=" + argc + " but only " + i + " argument" + (i == 1 ? "" : "s") + " logged";
                }
                break;
            }
            if (argc >= 0 && i == argc) {
                problem = "argc=" + argc + " but more arguments are logged (a" + i + " and on): all are shown; the "
                        + "kernel never writes this, so the record was altered or made by hand";
            }
            args.add(value);
        }
        return new Argv(List.copyOf(args), argc, problem);
    }

    /** Argument i, whole or from its fragments; null when the records hold neither. */
    private static String argument(Map<String, Field> fields, int i) {
        Field whole = fields.get("a" + i);
        if (whole != null) {
            byte[] b = whole.bytes();
            return b == null ? "" : Hex.text(b);
        }
        byte[] joined = fragments(fields, i);
        return joined == null ? null : Hex.text(joined);
    }

    /** Field f of record r: the first with its key over all the event's EXECVE records. */
    private record Field(AuditRecord record, int index) {
        byte[] bytes() {
            return record.fieldBytes(index);
        }
    }

    /** Concatenates aN[0], aN[1], … across records; null when aN_len is absent. */
    private static byte[] fragments(Map<String, Field> fields, int i) {
        Field lenField = fields.get("a" + i + "_len");
        if (lenField == null || !isDecimal(lenField.record().fieldRaw(lenField.index()))) {
            return null;
        }
        // aN_len is the attacker's claim, not a size to reserve: the buffer grows with what is really there
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        String prefix = "a" + i + "[";
        for (int k = 0; ; k++) {
            Field part = fields.get(prefix + k + "]");
            byte[] b = part == null ? null : part.bytes();
            if (b == null) {
                break;
            }
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * PROCTITLE: hex-encoded NUL-separated argv (or a quoted literal when it holds no special bytes).
     * The kernel cuts it at 128 bytes, so a title of exactly that length may be truncated.
     */
    public record Title(List<String> argv, boolean truncated) {
        public String joined() {
            return String.join(" ", argv);
        }
    }

    public static final int PROCTITLE_MAX = 128;

    public static Title proctitle(AuditRecord r) {
        byte[] b = r.bytes("proctitle");
        if (b == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        int s = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == 0) {
                if (i > s || i < b.length) {
                    parts.add(Hex.text(b, s, i - s));
                }
                s = i + 1;
            }
        }
        while (!parts.isEmpty() && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        return new Title(List.copyOf(parts), b.length >= PROCTITLE_MAX);
    }
}
