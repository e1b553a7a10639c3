package io.auditq.parser.normal;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Hex;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

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
        List<String> args = new ArrayList<>();
        String problem = null;
        long limit = argc >= 0 ? argc : Long.MAX_VALUE;
        for (int i = 0; i < limit; i++) {
            String key = "a" + i;
            String value = null;
            for (AuditRecord r : execve) {
                if (r.has(key)) {
                    value = r.text(key);
                    if (value == null) {
                        value = "";
                    }
                    break;
                }
            }
            if (value == null) {
                byte[] joined = fragments(execve, i);
                if (joined == null) {
                    if (argc >= 0) {
                        problem = "argc=" + argc + " but only " + i + " argument" + (i == 1 ? "" : "s") + " logged";
                    }
                    break;
                }
                value = Hex.text(joined);
            }
            args.add(value);
        }
        return new Argv(List.copyOf(args), argc, problem);
    }

    /** Concatenates aN[0], aN[1], … across records; null when aN_len is absent. */
    private static byte[] fragments(List<AuditRecord> execve, int i) {
        String lenKey = "a" + i + "_len";
        long len = -1;
        for (AuditRecord r : execve) {
            len = r.decimal(lenKey, -1);
            if (len >= 0) {
                break;
            }
        }
        if (len < 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(len, 1 << 20));
        String prefix = "a" + i + "[";
        for (int k = 0; ; k++) {
            String key = prefix + k + "]";
            byte[] part = null;
            for (AuditRecord r : execve) {
                if (r.has(key)) {
                    part = r.bytes(key);
                    break;
                }
            }
            if (part == null) {
                break;
            }
            out.writeBytes(part);
        }
        return out.toByteArray();
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
