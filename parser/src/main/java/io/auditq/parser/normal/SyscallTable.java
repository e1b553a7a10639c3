package io.auditq.parser.normal;

import io.auditq.parser.record.FactTable;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Syscall numbers and names per arch, as ausyscall (and so ausearch -i) knows them; one generated resource
 * per table under normal/syscalls/, loaded on first use.
 */
public final class SyscallTable {
    private static final ConcurrentMap<String, FactTable> TABLES = new ConcurrentHashMap<>();

    private SyscallTable() {
    }

    /**
     * The syscall name for a number on an arch ({@code x86_64, 42 -> "connect"}); null when the arch is null,
     * has no table, or the number is not in it.
     */
    public static String name(Arch arch, int number) {
        FactTable table = table(arch);
        return table == null ? null : table.name(number);
    }

    /** The syscall number for a name on an arch ({@code i386, "socketcall" -> 102}); -1 when unknown. */
    public static int number(Arch arch, String name) {
        FactTable table = table(arch);
        return table == null ? -1 : table.number(name);
    }

    /** The whole table for an arch, or null when the arch is null or has none. */
    public static FactTable table(Arch arch) {
        if (arch == null || arch.table() == null) {
            return null;
        }
        return TABLES.computeIfAbsent(arch.table(),
                t -> FactTable.load("/io/auditq/parser/normal/syscalls/" + t + ".tsv", 2));
    }
}
