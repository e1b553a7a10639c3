package io.auditq.query.connect;

import java.util.Locale;

/**
 * The transport of an outbound connection, as far as the log tells it: from the socket() call that created the
 * fd; {@link #UNKNOWN} when that call is not in the log.
 */
public enum Protocol {
    TCP, UDP, ICMP, SCTP, RAW, OTHER, UNKNOWN;

    /** As written in every output and in the case database: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol fromLabel(String label) {
        return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
    }

    /**
     * What a socket(domain, type, protocol) call creates; null for families that are not inet or inet6
     * (their connections are not outbound network connections). {@code type} must have its flags masked off.
     */
    public static Protocol ofSocket(long domain, long type, long ipProtocol) {
        if (domain != SocketConstants.AF_INET && domain != SocketConstants.AF_INET6) {
            return null;
        }
        String typeName = type >= 0 && type <= Integer.MAX_VALUE ? SocketConstants.typeName((int) type) : null;
        String proto = ipProtocol == 0 ? null
                : ipProtocol > 0 && ipProtocol <= Integer.MAX_VALUE ? SocketConstants.ipProtocolName((int) ipProtocol)
                : "?";
        if (typeName == null) {
            return OTHER;
        }
        return switch (typeName) {
            // multipath TCP is TCP on the wire (and falls back to it)
            case "SOCK_STREAM" -> proto == null || proto.equals("tcp") || proto.equals("mptcp") ? TCP
                    : proto.equals("sctp") ? SCTP : OTHER;
            case "SOCK_DGRAM" -> proto == null || proto.equals("udp") || proto.equals("udplite") ? UDP
                    // "ping sockets": socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), as ping uses without privileges
                    : proto.equals("icmp") || proto.equals("icmpv6") ? ICMP : OTHER;
            case "SOCK_SEQPACKET" -> proto == null || proto.equals("sctp") ? SCTP : OTHER;
            case "SOCK_RAW" -> RAW;
            default -> OTHER;
        };
    }
}
