package io.auditq.parser.properties;

import io.auditq.parser.normal.SockaddrDecoder;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.record.Hex;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel's hex encoding and the sockaddr decoder, checked against independent encoders. */
class CodecProperties {

    @Property
    void hexRoundTrips(@ForAll @Size(min = 1, max = 300) byte[] bytes) {
        String hex = Hex.encode(bytes);
        assertThat(hex).matches("[0-9A-F]*").hasSize(bytes.length * 2);
        assertThat(Hex.decode(hex)).isEqualTo(bytes);
        assertThat(Hex.decode(hex.toLowerCase())).isEqualTo(bytes);
    }

    @Property
    void hexRejectsOddLengthAndNonHexDigits(@ForAll @Size(min = 1, max = 40) byte[] bytes,
                                            @ForAll @IntRange(min = 0, max = 79) int at) {
        String hex = Hex.encode(bytes);
        assertThat(Hex.decode(hex.substring(1))).isNull();
        int i = at % hex.length();
        assertThat(Hex.decode(hex.substring(0, i) + "g" + hex.substring(i + 1))).isNull();
    }

    @Property
    void validUtf8TextIsUnchanged(@ForAll String s) {
        // jqwik strings may hold lone surrogates, which are not text: only well-formed strings are UTF-8
        Assume.that(StandardCharsets.UTF_8.newEncoder().canEncode(s));
        assertThat(Hex.text(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    @Property
    void invalidBytesBecomeEscapesAndNothingIsLost(@ForAll @Size(max = 200) byte[] bytes) {
        // a literal "\x" in the input would read like an escape: the escape is only unambiguous without it
        Assume.that(!new String(bytes, StandardCharsets.ISO_8859_1).contains("\\x"));
        String text = Hex.text(bytes);
        assertThat(text).doesNotContain("\uFFFD");
        assertThat(unescape(text)).isEqualTo(bytes);
    }

    /** The inverse of Hex.text, written independently: \xNN back to a byte, everything else to UTF-8. */
    private static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            if (text.startsWith("\\x", i) && i + 4 <= text.length()) {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                int cp = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    // ---- sockaddr: encode as the kernel would, then decode ----

    @Property
    void inetRoundTrips(@ForAll @Size(4) byte[] addr, @ForAll @IntRange(max = 65535) int port,
                        @ForAll boolean bigEndian) {
        byte[] sa = sockaddr(2, bigEndian, 16, b -> b.putShort((short) port).put(addr));
        SockaddrDecoder.Result r = SockaddrDecoder.decode(Hex.encode(sa), bigEndian);
        assertThat(r.problem()).isNull();
        assertThat(r.address()).isInstanceOfSatisfying(SocketAddress.Inet.class, in -> {
            assertThat(in.family()).isEqualTo("inet");
            assertThat(in.port()).isEqualTo(port);
            assertThat(in.mapped()).isFalse();
            assertThat(bytesOf(in.address())).isEqualTo(addr);
        });
    }

    @Property
    void inet6RoundTrips(@ForAll @Size(16) byte[] addr, @ForAll @IntRange(max = 65535) int port,
                         @ForAll boolean mapped, @ForAll boolean bigEndian) {
        if (mapped) {
            Arrays.fill(addr, 0, 10, (byte) 0);
            addr[10] = (byte) 0xff;
            addr[11] = (byte) 0xff;
        }
        boolean isMapped = Arrays.equals(addr, 0, 12,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff}, 0, 12);
        byte[] sa = sockaddr(10, bigEndian, 28, b -> b.putShort((short) port).putInt(0).put(addr).putInt(0));
        SockaddrDecoder.Result r = SockaddrDecoder.decode(Hex.encode(sa), bigEndian);
        assertThat(r.problem()).isNull();
        assertThat(r.address()).isInstanceOfSatisfying(SocketAddress.Inet.class, in -> {
            assertThat(in.family()).isEqualTo("inet6");
            assertThat(in.port()).isEqualTo(port);
            assertThat(in.mapped()).isEqualTo(isMapped);
            if (isMapped) {
                // the IPv4 host a.b.c.d, in dotted form
                assertThat(bytesOf(in.address())).isEqualTo(Arrays.copyOfRange(addr, 12, 16));
                assertThat(in.address()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            } else {
                assertThat(bytesOf(in.address())).isEqualTo(addr);
                assertThat(in.address()).doesNotContain(".").isEqualTo(in.address().toLowerCase());
            }
        });
    }

    @Provide
    Arbitrary<byte[]> pathBytes() {
        return Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMinSize(1).ofMaxSize(107);
    }

    @Property
    void unixPathRoundTrips(@ForAll("pathBytes") byte[] path, @ForAll @IntRange(max = 20) int padding,
                            @ForAll boolean bigEndian) {
        int len = 2 + path.length + Math.min(padding, 108 - path.length);
        byte[] sa = sockaddr(1, bigEndian, len, b -> b.put(path));
        SockaddrDecoder.Result r = SockaddrDecoder.decode(Hex.encode(sa), bigEndian);
        assertThat(r.problem()).isNull();
        assertThat(r.address()).isEqualTo(new SocketAddress.Unix(Hex.text(path), SocketAddress.Unix.Kind.PATHNAME));
    }

    @Property
    void unixAbstractRoundTrips(@ForAll("pathBytes") byte[] name, @ForAll boolean bigEndian) {
        byte[] sa = sockaddr(1, bigEndian, 3 + name.length, b -> b.put((byte) 0).put(name));
        SockaddrDecoder.Result r = SockaddrDecoder.decode(Hex.encode(sa), bigEndian);
        assertThat(r.address()).isEqualTo(new SocketAddress.Unix("@" + Hex.text(name), SocketAddress.Unix.Kind.ABSTRACT));
    }

    @Property
    void unixUnnamed(@ForAll boolean bigEndian) {
        byte[] sa = sockaddr(1, bigEndian, 2, b -> { });
        assertThat(SockaddrDecoder.decode(Hex.encode(sa), bigEndian).address())
                .isEqualTo(new SocketAddress.Unix("", SocketAddress.Unix.Kind.UNNAMED));
    }

    @Property
    void netlinkRoundTrips(@ForAll @IntRange(min = 0) int pid, @ForAll int groups, @ForAll boolean bigEndian) {
        byte[] sa = sockaddr(16, bigEndian, 12, b -> {
            b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0).putInt(pid).putInt(groups);
        });
        SockaddrDecoder.Result r = SockaddrDecoder.decode(Hex.encode(sa), bigEndian);
        assertThat(r.problem()).isNull();
        assertThat(r.address()).isEqualTo(new SocketAddress.Netlink(pid, Integer.toUnsignedLong(groups)));
    }

    @Property
    void familyIsReadInTheLoggingHostsByteOrderEvenWhenUnknown(@ForAll @IntRange(min = 0, max = 255) int lo,
                                                                @ForAll boolean bigEndian) {
        // inet sockaddr whatever the family bytes: decoding with the wrong order must not claim inet
        byte[] sa = sockaddr(2, bigEndian, 16, b -> b.putShort((short) 80).put(new byte[] {127, 0, 0, 1}));
        assertThat(SockaddrDecoder.decode(sa, bigEndian).address()).isInstanceOf(SocketAddress.Inet.class);
        assertThat(SockaddrDecoder.decode(sa, !bigEndian).address()).isNotInstanceOf(SocketAddress.Inet.class);
    }

    private interface Body {
        void put(ByteBuffer b);
    }

    /** sa_family in the host's order, then the body (network-order fields put big-endian), zero-padded to len. */
    private static byte[] sockaddr(int family, boolean bigEndian, int len, Body body) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(len, 2));
        b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).putShort((short) family);
        b.order(ByteOrder.BIG_ENDIAN);
        body.put(b);
        return b.array();
    }

    private static byte[] bytesOf(String numericAddress) {
        // a literal address: InetAddress parses it without any name look-up
        assertThat(numericAddress).matches("[0-9a-f:.]+");
        try {
            return InetAddress.getByName(numericAddress).getAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError("not an address literal: " + numericAddress, e);
        }
    }
}
