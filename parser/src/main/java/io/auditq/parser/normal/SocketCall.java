package io.auditq.parser.normal;

import io.auditq.parser.record.FactTable;

/**
 * The sub-calls of the 32-bit multiplexed {@code socketcall(2)}: on i386, s390 and the like a connect is a
 * socketcall syscall whose {@code a0} is 3 (SYS_CONNECT from linux/net.h).
 */
public final class SocketCall {
    private SocketCall() {
    }

    private static final class Table {
        static final FactTable CALLS = FactTable.load("/io/auditq/parser/normal/socketcall.tsv", 2);
    }

    /** The sub-call's syscall name ({@code 3 -> "connect"}), or null when {@code subcall} is not one. */
    public static String name(int subcall) {
        return Table.CALLS.name(subcall);
    }

    /** The sub-call number for a name ({@code "connect" -> 3}), or -1 when unknown. */
    public static int number(String name) {
        return Table.CALLS.number(name);
    }
}
