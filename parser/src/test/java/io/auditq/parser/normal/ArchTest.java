package io.auditq.parser.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArchTest {

    @ParameterizedTest
    @CsvSource({
            // field,      name,    table,   64-bit, big-endian
            "c000003e,     x86_64,  x86_64,  true,   false",
            "x86_64,       x86_64,  x86_64,  true,   false",
            "C000003E,     x86_64,  x86_64,  true,   false",
            "40000003,     i386,    i386,    false,  false",
            "i386,         i386,    i386,    false,  false",
            "c00000b7,     aarch64, aarch64, true,   false",
            "40000028,     arm,     arm,     false,  false",
            "armeb,        arm,     arm,     false,  false",
            "14,           ppc,     ppc,     false,  true",
            "80000015,     ppc64,   ppc,     true,   true",
            "ppc64,        ppc64,   ppc,     true,   true",
            "c0000015,     ppc64le, ppc,     true,   false",
            "16,           s390,    s390,    false,  true",
            "80000016,     s390x,   s390x,   true,   true",
            "s390x,        s390x,   s390x,   true,   true",
    })
    void parsesHexAndInterpretedForms(String field, String name, String table, boolean is64, boolean bigEndian) {
        Arch arch = Arch.fromField(field);
        assertThat(arch).isNotNull();
        assertThat(arch.name()).isEqualTo(name);
        assertThat(arch.table()).isEqualTo(table);
        assertThat(arch.is64Bit()).isEqualTo(is64);
        assertThat(arch.bigEndian()).isEqualTo(bigEndian);
    }

    @Test
    void hexAndNameGiveTheSameArch() {
        for (Arch arch : Arch.all()) {
            assertThat(Arch.fromField(arch.hex())).isEqualTo(arch);
            assertThat(Arch.fromField(arch.name())).isEqualTo(arch);
        }
        assertThat(Arch.fromField("c000003e").code()).isEqualTo(0xc000003eL);
        assertThat(Arch.fromField("x86_64").hex()).isEqualTo("c000003e");
    }

    @Test
    void riscvIsKnownButHasNoSyscallTable() {
        Arch riscv = Arch.fromField("c00000f3");
        assertThat(riscv.name()).isEqualTo("riscv64");
        assertThat(riscv.table()).isNull();
        assertThat(riscv.is64Bit()).isTrue();
        assertThat(riscv.bigEndian()).isFalse();
        assertThat(Arch.fromField("unknown-elf-type(c00000f3)")).isEqualTo(riscv);
        assertThat(Arch.fromField("riscv32").code()).isEqualTo(0x400000f3L);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"deadbeef", "40000008", "mips", "X86_64", "0xc000003e", "1c000003e", "c000003e ",
            "unknown-elf-type(40000008)", "unknown-elf-type()"})
    void unknownIsNull(String field) {
        assertThat(Arch.fromField(field)).isNull();
    }
}
