package io.auditq.parser.live;

import io.auditq.parser.normal.Arch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRuleTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final Arch X86_64 = Arch.fromField("x86_64");
    private static final Arch I386 = Arch.fromField("i386");
    // struct audit_rule_data offsets: flags 0, action 4, field_count 8, mask 12.., fields 268.., values 524..,
    // fieldflags 780.., buflen 1036, buf 1040
    private static final int MASK = 12, FIELDS = 268, VALUES = 524, FLAGS = 780, BUFLEN = 1036, BUF = 1040;

    @Test
    void encodesAnExitRuleWithArchSyscallsAndKeyLikeAuditctl() {
        AuditRule rule = AuditRule.of(X86_64, "b64", List.of("connect", "socket", "execve", "execveat"), null,
                "auditq-live");
        assertThat(rule.numbers()).containsExactly(42, 41, 59, 322);
        byte[] data = rule.encode(LE);
        ByteBuffer bb = ByteBuffer.wrap(data).order(LE);
        assertThat(AuditRule.FIXED_SIZE).isEqualTo(BUF);
        assertThat(data).hasSize(BUF + "auditq-live".length());
        assertThat(bb.getInt(0)).isEqualTo(0x04);       // AUDIT_FILTER_EXIT
        assertThat(bb.getInt(4)).isEqualTo(2);          // AUDIT_ALWAYS
        assertThat(bb.getInt(8)).isEqualTo(2);          // arch, key
        assertThat(bb.getInt(MASK + 4)).isEqualTo((1 << (42 - 32)) | (1 << (41 - 32)) | (1 << (59 - 32)));
        assertThat(bb.getInt(MASK + 4 * 10)).isEqualTo(1 << (322 - 320));
        assertThat(bb.getInt(MASK)).isZero();
        assertThat(bb.getInt(FIELDS)).isEqualTo(11);    // AUDIT_ARCH
        assertThat(Integer.toUnsignedLong(bb.getInt(VALUES))).isEqualTo(0xc000003eL);
        assertThat(bb.getInt(FLAGS)).isEqualTo(0x40000000); // AUDIT_EQUAL
        assertThat(bb.getInt(FIELDS + 4)).isEqualTo(210); // AUDIT_FILTERKEY, its value the key's length
        assertThat(bb.getInt(VALUES + 4)).isEqualTo(11);
        assertThat(bb.getInt(FLAGS + 4)).isEqualTo(0x40000000);
        assertThat(bb.getInt(FIELDS + 8)).isZero();
        assertThat(bb.getInt(BUFLEN)).isEqualTo(11);
        assertThat(new String(data, BUF, 11, StandardCharsets.UTF_8)).isEqualTo("auditq-live");
        assertThat(rule.auditctl())
                .isEqualTo("-a always,exit -F arch=b64 -S connect,socket,execve,execveat -k auditq-live");
    }

    @Test
    void aSocketcallRuleFiltersOnItsSubcall() {
        AuditRule rule = AuditRule.of(I386, "b32", List.of("socketcall"), 3L, "k");
        ByteBuffer bb = ByteBuffer.wrap(rule.encode(ByteOrder.BIG_ENDIAN)).order(ByteOrder.BIG_ENDIAN);
        assertThat(bb.getInt(8)).isEqualTo(3);
        assertThat(bb.getInt(MASK + 4 * 3)).isEqualTo(1 << (102 - 96));
        assertThat(new int[] {bb.getInt(FIELDS), bb.getInt(FIELDS + 4), bb.getInt(FIELDS + 8)})
                .containsExactly(11, 200, 210);
        assertThat(new int[] {bb.getInt(VALUES), bb.getInt(VALUES + 4), bb.getInt(VALUES + 8)})
                .containsExactly(0x40000003, 3, 1);
        assertThat(rule.auditctl()).isEqualTo("-a always,exit -F arch=b32 -S socketcall -F a0=3 -k k");
    }

    @Test
    void decodesWhatItEncodes() {
        AuditRule rule = AuditRule.of(I386, "b32", List.of("connect", "execve"), null, "auditq-net");
        byte[] data = rule.encode(LE);
        AuditRule.Listed listed = AuditRule.decode(data, 0, data.length, LE);
        assertThat(listed).isNotNull();
        assertThat(listed.archCode()).isEqualTo(0x40000003L);
        assertThat(listed.syscalls()).containsExactly(11, 362);
        assertThat(listed.key()).isEqualTo("auditq-net");
        assertThat(listed.matches(rule)).isTrue();
        assertThat(listed.matches(AuditRule.of(I386, "b32", List.of("connect"), null, "auditq-net"))).isFalse();
        assertThat(AuditRule.decode(data, 0, 100, LE)).isNull();
    }

    @Test
    void decodesAKeyAfterOtherStringFields() {
        // a watch rule (-w /etc/passwd -p wa -k k2) as the kernel lists it: AUDIT_WATCH's string precedes the key
        ByteBuffer bb = ByteBuffer.allocate(BUF + 11 + 2).order(LE);
        bb.putInt(0, 0x04).putInt(4, 2).putInt(8, 3);
        bb.putInt(FIELDS, 105).putInt(VALUES, 11);        // AUDIT_WATCH "/etc/passwd"
        bb.putInt(FIELDS + 4, 106).putInt(VALUES + 4, 3); // AUDIT_PERM, a number
        bb.putInt(FIELDS + 8, 210).putInt(VALUES + 8, 2); // the key "k2"
        bb.putInt(BUFLEN, 13);
        bb.put(BUF, "/etc/passwdk2".getBytes(StandardCharsets.US_ASCII));
        AuditRule.Listed listed = AuditRule.decode(bb.array(), 0, bb.capacity(), LE);
        assertThat(listed.key()).isEqualTo("k2");
        assertThat(listed.archCode()).isEqualTo(-1);
    }

    @Test
    void refusesWhatTheKernelWouldRefuse() {
        assertThatThrownBy(() -> AuditRule.of(X86_64, "b64", List.of("socketcall"), null, "k"))
                .hasMessage("no syscall socketcall on x86_64");
        assertThatThrownBy(() -> AuditRule.of(X86_64, "b64", List.of("connect"), null, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditRule.of(X86_64, "b64", List.of("connect"), null, "k".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
