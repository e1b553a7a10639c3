package io.auditq.parser.live;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetlinkFramesTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** A datagram of messages as the kernel lays them out: header, payload, padding to 4. */
    private static byte[] datagram(ByteOrder order, Object... typeAndText) {
        ByteBuffer bb = ByteBuffer.allocate(4096).order(order);
        for (int i = 0; i < typeAndText.length; i += 2) {
            byte[] text = ((String) typeAndText[i + 1]).getBytes(StandardCharsets.US_ASCII);
            int start = bb.position();
            bb.putInt(16 + text.length).putShort((short) (int) (Integer) typeAndText[i]).putShort((short) 0)
                    .putInt(0).putInt(0).put(text);
            bb.position(start + NetlinkFrames.align(16 + text.length));
        }
        byte[] out = new byte[bb.position()];
        bb.flip().get(out);
        return out;
    }

    private static List<String> split(byte[] buf, int len, ByteOrder order, List<String> problems) {
        List<String> seen = new ArrayList<>();
        String problem = NetlinkFrames.split(buf, len, order, m -> seen.add(m.type() + ":"
                + new String(buf, m.payloadOffset(), m.payloadLength(), StandardCharsets.US_ASCII)));
        if (problem != null) {
            problems.add(problem);
        }
        return seen;
    }

    @Test
    void splitsSeveralMessagesOfOneDatagramAtFourByteBoundaries() {
        // 16 + 21 = 37 bytes: the next message starts at 40, after 3 bytes of padding
        byte[] d = datagram(LE, 1300, "audit(1.002:3): a=b c", 1320, "audit(1.002:3): ");
        assertThat(d).hasSize(40 + 32);
        List<String> problems = new ArrayList<>();
        assertThat(split(d, d.length, LE, problems))
                .containsExactly("1300:audit(1.002:3): a=b c", "1320:audit(1.002:3): ");
        assertThat(problems).isEmpty();
    }

    @Test
    void readsTheHostByteOrderBothWays() {
        byte[] d = datagram(ByteOrder.BIG_ENDIAN, 1306, "audit(5.000:9): saddr=00");
        assertThat(split(d, d.length, ByteOrder.BIG_ENDIAN, new ArrayList<>()))
                .containsExactly("1306:audit(5.000:9): saddr=00");
    }

    @Test
    void theLastMessagesPaddingMayBeMissing() {
        byte[] d = datagram(LE, 1305, "audit(1.000:1): op=x");  // 16 + 20 = 36, already aligned
        byte[] odd = datagram(LE, 1305, "audit(1.000:1): op=xy"); // 37 bytes of message, 3 of padding
        List<String> problems = new ArrayList<>();
        assertThat(split(d, d.length, LE, problems)).hasSize(1);
        assertThat(split(odd, 37, LE, problems)).containsExactly("1305:audit(1.000:1): op=xy");
        assertThat(problems).isEmpty();
    }

    @Test
    void aLengthBeyondTheDatagramIsReportedAfterTheGoodMessages() {
        byte[] d = datagram(LE, 1300, "audit(1.000:1): x=1", 1307, "audit(1.000:1): cwd=\"/\"");
        ByteBuffer.wrap(d).order(LE).putInt(36, 5000); // the second header claims 5000 bytes
        List<String> problems = new ArrayList<>();
        assertThat(split(d, d.length, LE, problems)).containsExactly("1300:audit(1.000:1): x=1");
        assertThat(problems).singleElement().asString()
                .isEqualTo("netlink message at byte 36 claims 5000 bytes, but " + (d.length - 36)
                        + " remain in the datagram");
    }

    @Test
    void aLengthShorterThanTheHeaderIsReportedNotLoopedOn() {
        byte[] d = datagram(LE, 1300, "audit(1.000:1): x=1");
        ByteBuffer.wrap(d).order(LE).putInt(0, 3);
        List<String> problems = new ArrayList<>();
        assertThat(split(d, d.length, LE, problems)).isEmpty();
        assertThat(problems).singleElement().asString().contains("claims 3 bytes");
    }

    @Test
    void strayBytesAfterTheLastMessageAreReported() {
        byte[] d = datagram(LE, 1300, "audit(1.000:1): x=1");
        byte[] longer = java.util.Arrays.copyOf(d, d.length + 8);
        List<String> problems = new ArrayList<>();
        assertThat(split(longer, longer.length, LE, problems)).hasSize(1);
        assertThat(problems).containsExactly("8 stray bytes at the end of a netlink datagram");
    }

    @Test
    void buildsARequestHeaderAndReadsAnErrorReply() {
        byte[] req = NetlinkFrames.request(1000, NetlinkFrames.NLM_F_REQUEST | NetlinkFrames.NLM_F_ACK, 77,
                new byte[] {1, 2, 3, 4, 5}, LE);
        ByteBuffer bb = ByteBuffer.wrap(req).order(LE);
        assertThat(req).hasSize(24); // 21 padded to 24
        assertThat(bb.getInt(0)).isEqualTo(21);
        assertThat(bb.getShort(4)).isEqualTo((short) 1000);
        assertThat(bb.getShort(6)).isEqualTo((short) 5);
        assertThat(bb.getInt(8)).isEqualTo(77);
        assertThat(bb.getInt(12)).isZero();
        assertThat(req[16]).isEqualTo((byte) 1);
        assertThat(req[20]).isEqualTo((byte) 5);

        // struct nlmsgerr {int error; struct nlmsghdr msg;}: -EPERM
        ByteBuffer err = ByteBuffer.allocate(16 + 20).order(LE);
        err.putInt(36).putShort((short) NetlinkFrames.NLMSG_ERROR).putShort((short) 0).putInt(77).putInt(0)
                .putInt(-1).putInt(21);
        List<NetlinkFrames.Message> ms = new ArrayList<>();
        assertThat(NetlinkFrames.split(err.array(), 36, LE, ms::add)).isNull();
        assertThat(ms).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(NetlinkFrames.NLMSG_ERROR);
            assertThat(m.seq()).isEqualTo(77);
            assertThat(NetlinkFrames.error(err.array(), m, LE)).isEqualTo(-1);
        });
    }
}
