package io.auditq.parser.live;

import io.auditq.parser.normal.Arch;
import io.auditq.parser.normal.SocketCall;
import io.auditq.parser.normal.SyscallTable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Which audit rules record a list of syscalls on a machine, for its 64-bit arch and for the 32-bit programs it
 * can also run. Syscall numbers come from the generated tables, never typed by hand.
 *
 * <p>A 32-bit program may reach a socket call two ways: the direct syscall (i386 {@code connect}, 362) or the
 * older multiplexer {@code socketcall} with the sub-call in its first argument; both are covered, the
 * multiplexer with one rule per sub-call ({@code -F a0=3}) so its other sub-calls (send, recv...) stay quiet.
 *
 * @param rules the rules, 64-bit first
 * @param notes what could not be covered and why (a syscall that an arch does not have)
 */
public record RulePlan(List<AuditRule> rules, List<String> notes) {
    /** The key of the temporary rules {@code capture --rules} loads and removes. */
    public static final String LIVE_KEY = "auditq-live";
    /** What {@code capture --rules} loads when no list is given: both questions' syscalls. */
    public static final List<String> DEFAULT_SYSCALLS = List.of("connect", "socket", "execve", "execveat");
    /** The syscalls behind "which outbound connections": socket (family, type) and connect (address). */
    public static final List<String> NETWORK = List.of("socket", "connect");
    /** The syscalls behind "which programs ran". */
    public static final List<String> EXECUTION = List.of("execve", "execveat");

    public RulePlan {
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
    }

    /**
     * The machine's arches as auditctl names them: b64, and b32 (null when the machine runs no 32-bit programs
     * that auditq knows a table for).
     */
    public record MachineArches(Arch b64, Arch b32) {
        /** The arches of the machine this JVM runs on. */
        public static MachineArches current() {
            return of(System.getProperty("os.arch", ""));
        }

        /**
         * The arches for a machine name as {@code uname -m} or Java's os.arch writes it; null when auditq does
         * not know which audit arches that machine uses.
         */
        public static MachineArches of(String machine) {
            // which 32-bit ABI a 64-bit kernel runs (its compat arch) is kernel knowledge, not in arches.tsv
            return switch (machine.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64" -> arches("x86_64", "i386");
                case "aarch64", "arm64" -> arches("aarch64", "arm");
                case "s390x" -> arches("s390x", "s390");
                case "ppc64le" -> arches("ppc64le", null);
                case "ppc64" -> arches("ppc64", "ppc");
                default -> null;
            };
        }

        private static MachineArches arches(String b64, String b32) {
            Arch a64 = Arch.fromField(b64);
            Arch a32 = b32 == null ? null : Arch.fromField(b32);
            if (a64 == null || a64.table() == null) {
                return null;
            }
            return new MachineArches(a64, a32 == null || a32.table() == null ? null : a32);
        }
    }

    /**
     * The rules for these syscalls, tagged with {@code key}. Throws IllegalArgumentException naming a syscall
     * that none of the machine's arches knows.
     */
    public static RulePlan of(MachineArches machine, List<String> syscalls, String key) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String s : syscalls) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no syscalls named");
        }
        List<AuditRule> rules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> unknownEverywhere = new ArrayList<>(names);
        for (Arch arch : machine.b32() == null ? List.of(machine.b64()) : List.of(machine.b64(), machine.b32())) {
            String bits = arch == machine.b64() ? "b64" : "b32";
            boolean multiplexer = SyscallTable.number(arch, "socketcall") >= 0;
            List<String> direct = new ArrayList<>();
            List<String> viaSocketcall = new ArrayList<>();
            for (String n : names) {
                boolean known = false;
                if (SyscallTable.number(arch, n) >= 0) {
                    direct.add(n);
                    known = true;
                }
                if (multiplexer && SocketCall.number(n) >= 0) {
                    viaSocketcall.add(n);
                    known = true;
                }
                if (known) {
                    unknownEverywhere.remove(n);
                } else {
                    notes.add(n + " does not exist on " + arch.name() + " (" + bits + "): no rule for it there");
                }
            }
            if (!direct.isEmpty()) {
                rules.add(AuditRule.of(arch, bits, direct, null, key));
            }
            for (String n : viaSocketcall) {
                rules.add(AuditRule.of(arch, bits, List.of("socketcall"), (long) SocketCall.number(n), key));
            }
        }
        if (!unknownEverywhere.isEmpty()) {
            throw new IllegalArgumentException("unknown syscall" + (unknownEverywhere.size() > 1 ? "s " : " ")
                    + String.join(", ", unknownEverywhere) + " (not in the " + machine.b64().name()
                    + (machine.b32() != null ? " or " + machine.b32().name() : "") + " syscall tables)");
        }
        // notes about names that exist nowhere were replaced by the exception; keep only per-arch gaps
        return new RulePlan(rules, notes);
    }

    /** The rules {@code auditq rules} recommends installing permanently: one key per question. */
    public static RulePlan recommended(MachineArches machine) {
        RulePlan net = of(machine, NETWORK, "auditq-net");
        RulePlan exec = of(machine, EXECUTION, "auditq-exec");
        List<AuditRule> rules = new ArrayList<>(net.rules());
        rules.addAll(exec.rules());
        List<String> notes = new ArrayList<>(net.notes());
        notes.addAll(exec.notes());
        return new RulePlan(rules, notes);
    }
}
