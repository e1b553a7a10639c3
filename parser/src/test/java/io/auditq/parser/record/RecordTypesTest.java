package io.auditq.parser.record;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordTypesTest {

    @Test
    void everyConstantAgreesWithTheGeneratedTable() throws IllegalAccessException {
        List<String> checked = new ArrayList<>();
        for (Field f : RecordTypes.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == int.class) {
                int code = f.getInt(null);
                assertThat(RecordTypes.name(code)).as(f.getName()).isEqualTo(f.getName());
                assertThat(RecordTypes.code(f.getName())).as(f.getName()).isEqualTo(code);
                checked.add(f.getName());
            }
        }
        assertThat(checked).hasSize(21).contains("SYSCALL", "SOCKADDR", "EOE", "AVC", "USER_LOGIN");
    }

    @Test
    void knownCodes() {
        assertThat(RecordTypes.SYSCALL).isEqualTo(1300);
        assertThat(RecordTypes.name(1300)).isEqualTo("SYSCALL");
        assertThat(RecordTypes.name(1327)).isEqualTo("PROCTITLE");
        assertThat(RecordTypes.name(1005)).isEqualTo("USER");
        assertThat(RecordTypes.name(1334)).isEqualTo("BPF");
        assertThat(RecordTypes.code("CONFIG_CHANGE")).isEqualTo(1305);
        assertThat(RecordTypes.code("ANOM_ABEND")).isEqualTo(1701);
    }

    @Test
    void unknownIsReportedAsUnknown() {
        assertThat(RecordTypes.name(1999)).isNull();
        assertThat(RecordTypes.name(-1)).isNull();
        assertThat(RecordTypes.code("UNKNOWN[1999]")).isEqualTo(-1);
        assertThat(RecordTypes.code("syscall")).isEqualTo(-1);
    }

    @Test
    void tableRoundTrips() {
        FactTable t = RecordTypes.table();
        assertThat(t.size()).isGreaterThan(150);
        for (int i = 0; i < t.size(); i++) {
            int code = t.numberAt(i);
            assertThat(RecordTypes.code(RecordTypes.name(code))).isEqualTo(code);
        }
    }
}
