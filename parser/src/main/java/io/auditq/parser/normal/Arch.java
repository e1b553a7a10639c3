package io.auditq.parser.normal;

import io.auditq.parser.record.FactTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit machine type, the SYSCALL record's {@code arch=} field: which syscall table the record's
 * {@code syscall=} number refers to, and the word size and byte order its arguments were in.
 *
 * @param code  the AUDIT_ARCH_* value ({@code 0xc000003e} for x86_64)
 * @param name  the kernel header's name for it, lower case ({@code x86_64}, {@code arm}, {@code ppc64le})
 * @param table the syscall table resource name ({@code ppc} for ppc, ppc64 and ppc64le), or null when no
 *              table is known for this arch, so its syscall names are unknown
 */
public record Arch(long code, String name, String table) {
    private static final String RESOURCE = "/io/auditq/parser/normal/arches.tsv";
    private static final long AUDIT_ARCH_64BIT = 0x8000_0000L;
    private static final long AUDIT_ARCH_LE = 0x4000_0000L;
    // ausearch -i writes codes libaudit cannot name this way
    private static final String UNKNOWN_PREFIX = "unknown-elf-type(";

    private static final class Known {
        static final List<Arch> ALL;
        static final Map<Long, Arch> BY_CODE;
        static final Map<String, Arch> BY_NAME;

        static {
            List<Arch> all = new ArrayList<>();
            Map<Long, Arch> byCode = new HashMap<>();
            Map<String, Arch> byName = new HashMap<>();
            List<FactTable.Row> rows = FactTable.rows(RESOURCE);
            for (FactTable.Row row : rows) {
                if (row.size() != 4) {
                    throw new IllegalStateException(RESOURCE + ":" + row.line() + ": expected 4 tab-separated columns");
                }
                long code;
                try {
                    code = Long.parseLong(row.cell(0), 16);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(RESOURCE + ":" + row.line() + ": bad hex code " + row.cell(0));
                }
                String table = row.cell(2).equals("-") ? null : row.cell(2);
                Arch arch = new Arch(code, row.cell(1), table);
                if (byCode.putIfAbsent(code, arch) != null || byName.putIfAbsent(arch.name(), arch) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + row.line() + ": duplicate arch " + row.cell(0));
                }
                all.add(arch);
            }
            // libaudit's names (what ausearch -i writes) come second, so a kernel name always wins a clash;
            // they differ only for arm, which libaudit calls "armeb" although the code is the little-endian one
            for (FactTable.Row row : rows) {
                if (!row.cell(3).equals("-")) {
                    byName.putIfAbsent(row.cell(3), byCode.get(Long.parseLong(row.cell(0), 16)));
                }
            }
            ALL = List.copyOf(all);
            BY_CODE = Map.copyOf(byCode);
            BY_NAME = Map.copyOf(byName);
        }
    }

    /**
     * The arch an {@code arch=} value names: the hex code as the raw log writes it ({@code c000003e}), the name
     * as ausearch -i writes it ({@code x86_64}, {@code armeb}), or ausearch's {@code unknown-elf-type(c00000f3)}.
     * Null when the value is not an arch this table knows; callers report it as unknown.
     */
    public static Arch fromField(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Arch named = Known.BY_NAME.get(value);
        if (named != null) {
            return named;
        }
        String hex = value;
        if (value.startsWith(UNKNOWN_PREFIX) && value.endsWith(")")) {
            hex = value.substring(UNKNOWN_PREFIX.length(), value.length() - 1);
        }
        if (hex.isEmpty() || hex.length() > 8) {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return null;
            }
        }
        return Known.BY_CODE.get(Long.parseLong(hex, 16));
    }

    /** Every arch in arches.tsv, in file order. */
    public static List<Arch> all() {
        return Known.ALL;
    }

    /** True when the __AUDIT_ARCH_LE bit is clear: the arguments (a0..a3, saddr) were big-endian. */
    public boolean bigEndian() {
        return (code & AUDIT_ARCH_LE) == 0;
    }

    /** True when the __AUDIT_ARCH_64BIT bit is set. */
    public boolean is64Bit() {
        return (code & AUDIT_ARCH_64BIT) != 0;
    }

    /** The code as the raw log writes it: lower-case hex without leading zeros ({@code c000003e}). */
    public String hex() {
        return Long.toHexString(code);
    }
}
