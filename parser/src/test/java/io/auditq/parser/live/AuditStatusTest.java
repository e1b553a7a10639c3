package io.auditq.parser.live;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class AuditStatusTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @Test
    void decodesAnAuditGetReply() {
        ByteBuffer bb = ByteBuffer.allocate(44).order(LE);
        bb.putInt(0).putInt(1).putInt(1).putInt(812).putInt(0).putInt(8192).putInt(-2).putInt(3);
        AuditStatus s = AuditStatus.decode(bb.array(), 0, 44, LE);
        assertThat(s).isEqualTo(new AuditStatus(1, 1, 812, 8192, 4294967294L, 3));
        assertThat(s.locked()).isFalse();
        assertThat(AuditStatus.decode(bb.array(), 0, 31, LE)).isNull();
    }

    @Test
    void changesOnlyTheEnabledFlag() {
        ByteBuffer bb = ByteBuffer.wrap(AuditStatus.setEnabled(1, LE)).order(LE);
        assertThat(bb.capacity()).isEqualTo(44);
        assertThat(bb.getInt(0)).isEqualTo(1); // AUDIT_STATUS_ENABLED only: never the pid
        assertThat(bb.getInt(4)).isEqualTo(1);
        for (int i = 8; i < 44; i += 4) {
            assertThat(bb.getInt(i)).isZero();
        }
    }
}
