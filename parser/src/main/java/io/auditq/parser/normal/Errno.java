package io.auditq.parser.normal;

import io.auditq.parser.record.FactTable;

/**
 * Linux errno numbers, names and messages (the asm-generic table used by x86, arm, aarch64, s390 and riscv),
 * for reading a failed syscall's {@code exit=-115}.
 *
 * <p>Names are the kernel's canonical ones, which are also what ausearch -i prints (EAGAIN, not EWOULDBLOCK);
 * messages are the kernel header's comments, which sometimes differ from glibc's strerror wording.
 * Kernel-internal codes (512 ERESTARTSYS and up) are known too: audit logs a syscall's return before the kernel
 * restarts it or turns the code into a user-space one, so {@code exit=-512} is common in real logs (ausearch -i
 * names none of them).
 */
public final class Errno {
    private Errno() {
    }

    private static final class Table {
        static final FactTable ERRNO = FactTable.load("/io/auditq/parser/normal/errno.tsv", 3);
    }

    /** The name for a positive errno ({@code 115 -> "EINPROGRESS"}), or null when unknown. */
    public static String name(int errno) {
        return Table.ERRNO.name(errno);
    }

    /** The errno for a canonical name ({@code "EINPROGRESS" -> 115}), or -1 when unknown. */
    public static int number(String name) {
        return Table.ERRNO.number(name);
    }

    /** The message for a positive errno ({@code 115 -> "Operation now in progress"}), or null when unknown. */
    public static String message(int errno) {
        return Table.ERRNO.column(errno, 2);
    }
}
