package io.auditq.parser.normal;

import io.auditq.parser.record.Hex;

import java.util.HexFormat;

/**
 * Decodes the kernel's hex {@code saddr} into a {@link SocketAddress}.
 *
 * <p>{@code sa_family} is in the byte order of the host that logged it (big-endian ppc64 and s390x exist);
 * ports are always network order. Short or garbled input is decoded as far as it goes and flagged.
 */
public final class SockaddrDecoder {
    private static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_NETLINK = 16, AF_INET6 = 10;

    /** The decoded address (null when nothing could be decoded) and the problem, if any. */
    public record Result(SocketAddress address, String problem) {
    }

    private SockaddrDecoder() {
    }

    /** @param bigEndian byte order of the logging host; null when unknown (then the plausible order is chosen) */
    public static Result decode(String saddrHex, Boolean bigEndian) {
        if (saddrHex == null || saddrHex.isEmpty()) {
            return new Result(null, "empty saddr");
        }
        byte[] b = Hex.decode(saddrHex);
        if (b == null) {
            return new Result(null, "saddr is not hex: " + bounded(saddrHex));
        }
        return decode(b, bigEndian);
    }

    public static Result decode(byte[] b, Boolean bigEndian) {
        if (b.length < 2) {
            return new Result(null, "saddr shorter than its family field (" + b.length + " bytes)");
        }
        int le = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        int be = (b[1] & 0xff) | (b[0] & 0xff) << 8;
        String orderNote = null;
        int family;
        if (bigEndian != null) {
            family = bigEndian ? be : le;
        } else if (known(le) || !known(be)) {
            family = le;
        } else {
            family = be;
            orderNote = "sa_family read big-endian: the log does not say the host's byte order";
        }
        boolean big = bigEndian != null ? bigEndian : family == be && family != le;
        Result r = switch (family) {
            case AF_INET -> inet4(b);
            case AF_INET6 -> inet6(b);
            case AF_UNIX -> unix(b);
            case AF_NETLINK -> netlink(b, big);
            default -> new Result(new SocketAddress.Other(family, HexFormat.of().withUpperCase().formatHex(b)), null);
        };
        if (orderNote != null) {
            return new Result(r.address(), r.problem() == null ? orderNote : r.problem() + "; " + orderNote);
        }
        return r;
    }

    private static boolean known(int f) {
        return f == AF_UNSPEC || f == AF_UNIX || f == AF_INET || f == AF_INET6 || f == AF_NETLINK
                || (f > 0 && f < 46);
    }

    private static Result inet4(byte[] b) {
        if (b.length < 8) {
            return new Result(null, "inet saddr too short (" + b.length + " bytes, need 8)");
        }
        int port = port(b);
        String addr = (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "." + (b[7] & 0xff);
        return new Result(new SocketAddress.Inet("inet", addr, port, false), null);
    }

    private static Result inet6(byte[] b) {
        if (b.length < 24) {
            return new Result(null, "inet6 saddr too short (" + b.length + " bytes, need 24)");
        }
        int port = port(b);
        byte[] a = java.util.Arrays.copyOfRange(b, 8, 24);
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        mapped &= (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        if (mapped) {
            String v4 = (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
            return new Result(new SocketAddress.Inet("inet6", v4, port, true), null);
        }
        return new Result(new SocketAddress.Inet("inet6", Ipv6Text.format(a), port, false), null);
    }

    private static Result unix(byte[] b) {
        if (b.length == 2) {
            return new Result(new SocketAddress.Unix("", SocketAddress.Unix.Kind.UNNAMED), null);
        }
        if (b[2] == 0) {
            // abstract: the name is every byte after the leading NUL, trailing NUL padding excluded
            int end = b.length;
            while (end > 3 && b[end - 1] == 0) {
                end--;
            }
            String name = Hex.text(b, 3, end - 3).replace("\0", "\\x00");
            return new Result(new SocketAddress.Unix("@" + name, SocketAddress.Unix.Kind.ABSTRACT), null);
        }
        int end = 2;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        String problem = end - 2 > 108 ? "unix path longer than sun_path (108 bytes)" : null;
        return new Result(new SocketAddress.Unix(Hex.text(b, 2, end - 2), SocketAddress.Unix.Kind.PATHNAME), problem);
    }

    private static Result netlink(byte[] b, boolean big) {
        if (b.length < 12) {
            return new Result(new SocketAddress.Netlink(0, 0), "netlink saddr too short (" + b.length + " bytes, need 12)");
        }
        return new Result(new SocketAddress.Netlink(u32(b, 4, big), u32(b, 8, big)), null);
    }

    private static int port(byte[] b) {
        return (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static long u32(byte[] b, int off, boolean big) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int k = big ? off + i : off + 3 - i;
            v = v << 8 | (b[k] & 0xff);
        }
        return v;
    }

    private static String bounded(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
