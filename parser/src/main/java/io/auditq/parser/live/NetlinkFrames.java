package io.auditq.parser.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Netlink framing in plain Java: splitting a datagram into its messages ({@code struct nlmsghdr} + payload,
 * each padded to 4 bytes) and building request messages. Netlink uses the host's byte order.
 */
public final class NetlinkFrames {
    /** sizeof(struct nlmsghdr): u32 length (header included), u16 type, u16 flags, u32 seq, u32 port id. */
    public static final int HEADER = 16;
    // linux/netlink.h
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;

    private NetlinkFrames() {
    }

    /** One message in a datagram: its header, and where its payload lies in the datagram's array. */
    public record Message(int type, int flags, int seq, int port, int payloadOffset, int payloadLength) {
    }

    /** Receives the messages of a datagram in order. */
    @FunctionalInterface
    public interface MessageVisitor {
        void message(Message m);
    }

    /**
     * Visits every message in {@code buf[0..length)}; returns null when the datagram was well formed, or what
     * was wrong with its rest (the messages before it were visited).
     */
    public static String split(byte[] buf, int length, ByteOrder order, MessageVisitor visitor) {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, length).order(order);
        int off = 0;
        while (length - off >= HEADER) {
            int len = bb.getInt(off);
            if (len < HEADER || len > length - off) {
                return "netlink message at byte " + off + " claims " + Integer.toUnsignedString(len)
                        + " bytes, but " + (length - off) + " remain in the datagram";
            }
            int type = Short.toUnsignedInt(bb.getShort(off + 4));
            int flags = Short.toUnsignedInt(bb.getShort(off + 6));
            int seq = bb.getInt(off + 8);
            int port = bb.getInt(off + 12);
            visitor.message(new Message(type, flags, seq, port, off + HEADER, len - HEADER));
            int next = off + align(len);
            if (next >= length) {
                return null; // the last message's padding may be cut off
            }
            off = next;
        }
        return off == length ? null : (length - off) + " stray bytes at the end of a netlink datagram";
    }

    /** NLMSG_ALIGN: messages start at multiples of 4. */
    public static int align(int n) {
        return (n + 3) & ~3;
    }

    /** A request message: header (length, type, flags, seq, port 0) and the payload, padded to 4. */
    public static byte[] request(int type, int flags, int seq, byte[] payload, ByteOrder order) {
        int len = HEADER + payload.length;
        byte[] out = new byte[align(len)];
        ByteBuffer bb = ByteBuffer.wrap(out).order(order);
        bb.putInt(0, len);
        bb.putShort(4, (short) type);
        bb.putShort(6, (short) flags);
        bb.putInt(8, seq);
        bb.putInt(12, 0);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        return out;
    }

    /**
     * The error of an NLMSG_ERROR message ({@code struct nlmsgerr}: int error, then the request's header):
     * 0 for an acknowledgement, a negative errno for a refusal.
     */
    public static int error(byte[] buf, Message m, ByteOrder order) {
        if (m.payloadLength() < 4) {
            return Integer.MIN_VALUE;
        }
        return ByteBuffer.wrap(buf).order(order).getInt(m.payloadOffset());
    }
}
