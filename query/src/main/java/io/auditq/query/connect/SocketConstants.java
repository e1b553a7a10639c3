package io.auditq.query.connect;

import io.auditq.parser.record.FactTable;

/**
 * The numbers socket() takes (address family, type, protocol), named from tables generated out of the C headers
 * by tools/gen-socket-tables.sh.
 */
public final class SocketConstants {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    /** socket()'s type argument also carries these flags, which say nothing about the protocol. */
    public static final long SOCK_NONBLOCK = 04000;
    public static final long SOCK_CLOEXEC = 02000000;

    private static final String DIR = "/io/auditq/query/connect/";

    private SocketConstants() {
    }

    private static final class Tables {
        static final FactTable FAMILIES = FactTable.load(DIR + "address-families.tsv", 2);
        static final FactTable TYPES = FactTable.load(DIR + "socket-types.tsv", 2);
        static final FactTable PROTOCOLS = FactTable.load(DIR + "ip-protocols.tsv", 2);
    }

    /** The family's name ({@code 2 -> "inet"}, {@code 1 -> "unix"}), or its number when unknown. */
    public static String familyName(int domain) {
        String n = Tables.FAMILIES.name(domain);
        return n != null ? n : Integer.toString(domain);
    }

    /** {@code 1 -> "SOCK_STREAM"}, or null when unknown. */
    public static String typeName(int type) {
        return Tables.TYPES.name(type);
    }

    /** {@code 6 -> "tcp"}, or null when unknown. */
    public static String ipProtocolName(int protocol) {
        return Tables.PROTOCOLS.name(protocol);
    }
}
