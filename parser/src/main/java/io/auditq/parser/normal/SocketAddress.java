package io.auditq.parser.normal;

/** A decoded SOCKADDR: the closed set of address families auditq understands, and the rest by number. */
public sealed interface SocketAddress {

    /** Family name as the JSON output spells it: inet, inet6, unix, netlink, or the number. */
    String family();

    /**
     * An IPv4 or IPv6 endpoint. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4 host
     * a.b.c.d: {@code address} holds the dotted form and {@code mapped} says the socket was inet6.
     */
    record Inet(String family, String address, int port, boolean mapped) implements SocketAddress {
        public boolean loopback() {
            return address.startsWith("127.") || address.equals("::1");
        }
    }

    /** A unix-domain socket: a path, an abstract name (shown as {@code @name}) or unnamed. */
    record Unix(String path, Kind kind) implements SocketAddress {
        public enum Kind { PATHNAME, ABSTRACT, UNNAMED }

        @Override
        public String family() {
            return "unix";
        }
    }

    /** A netlink endpoint (kernel = port id 0). */
    record Netlink(long portId, long groups) implements SocketAddress {
        @Override
        public String family() {
            return "netlink";
        }
    }

    /** Any other family, kept by number with its raw bytes in hex. */
    record Other(int number, String hex) implements SocketAddress {
        @Override
        public String family() {
            return number == 0 ? "unspec" : Integer.toString(number);
        }
    }
}
