package io.auditq.parser.normal;

import io.auditq.parser.record.FactTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SyscallTableTest {

    @ParameterizedTest
    @CsvSource({
            "c000003e, 42,  connect",
            "c000003e, 59,  execve",
            "c000003e, 41,  socket",
            "c000003e, 44,  sendto",
            "c000003e, 46,  sendmsg",
            "c000003e, 49,  bind",
            "c000003e, 50,  listen",
            "c000003e, 43,  accept",
            "c000003e, 288, accept4",
            "40000003, 102, socketcall",
            "40000003, 11,  execve",
            "40000003, 362, connect",
            "c00000b7, 203, connect",
            "c00000b7, 221, execve",
            "c00000b7, 198, socket",
            "14,       328, connect",
            "80000015, 328, connect",
            "c0000015, 328, connect",
            "80000016, 362, connect",
            "40000028, 283, connect",
    })
    void knownNumbers(String arch, int number, String name) {
        Arch a = Arch.fromField(arch);
        assertThat(SyscallTable.name(a, number)).isEqualTo(name);
        assertThat(SyscallTable.number(a, name)).isEqualTo(number);
    }

    @Test
    void theSameNumberMeansDifferentCallsOnDifferentArches() {
        assertThat(SyscallTable.name(Arch.fromField("x86_64"), 102)).isEqualTo("getuid");
        assertThat(SyscallTable.name(Arch.fromField("i386"), 102)).isEqualTo("socketcall");
        assertThat(SyscallTable.number(Arch.fromField("x86_64"), "socketcall")).isEqualTo(-1);
    }

    @Test
    void everyTableRoundTrips() {
        int tables = 0;
        for (Arch arch : Arch.all()) {
            FactTable table = SyscallTable.table(arch);
            if (arch.table() == null) {
                assertThat(table).isNull();
                continue;
            }
            assertThat(table.size()).as(arch.name()).isGreaterThan(250);
            for (int i = 0; i < table.size(); i++) {
                int n = table.numberAt(i);
                String name = SyscallTable.name(arch, n);
                assertThat(name).as(arch.name() + " " + n).isNotNull();
                assertThat(SyscallTable.number(arch, name)).as(arch.name() + " " + name).isEqualTo(n);
            }
            tables++;
        }
        assertThat(tables).isEqualTo(9);
    }

    @Test
    void ppcVariantsShareOneLoadedTable() {
        assertThat(SyscallTable.table(Arch.fromField("ppc64le")))
                .isSameAs(SyscallTable.table(Arch.fromField("14")));
    }

    @Test
    void unknownIsNullOrMinusOne() {
        Arch x86 = Arch.fromField("x86_64");
        assertThat(SyscallTable.name(x86, 100_000)).isNull();
        assertThat(SyscallTable.name(x86, -1)).isNull();
        assertThat(SyscallTable.number(x86, "no_such_call")).isEqualTo(-1);
        assertThat(SyscallTable.name(null, 42)).isNull();
        assertThat(SyscallTable.number(null, "connect")).isEqualTo(-1);
        Arch riscv = Arch.fromField("riscv64");
        assertThat(SyscallTable.name(riscv, 203)).isNull();
        assertThat(SyscallTable.number(riscv, "connect")).isEqualTo(-1);
    }
}
