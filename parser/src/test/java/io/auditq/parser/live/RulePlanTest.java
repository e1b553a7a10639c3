package io.auditq.parser.live;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePlanTest {
    private static final RulePlan.MachineArches X86 = RulePlan.MachineArches.of("x86_64");

    @Test
    void coversBothArchesAndBothWaysA32BitProgramConnects() {
        RulePlan plan = RulePlan.of(X86, List.of("connect", "socket", "execve"), "auditq-live");
        assertThat(plan.rules()).extracting(AuditRule::auditctl).containsExactly(
                "-a always,exit -F arch=b64 -S connect,socket,execve -k auditq-live",
                "-a always,exit -F arch=b32 -S connect,socket,execve -k auditq-live",
                "-a always,exit -F arch=b32 -S socketcall -F a0=3 -k auditq-live",
                "-a always,exit -F arch=b32 -S socketcall -F a0=1 -k auditq-live");
        assertThat(plan.rules().get(0).numbers()).containsExactly(42, 41, 59);
        assertThat(plan.rules().get(1).numbers()).containsExactly(362, 359, 11);
        assertThat(plan.rules().get(1).arch().name()).isEqualTo("i386");
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void namesAreTrimmedLowerCasedAndDeduplicated() {
        RulePlan plan = RulePlan.of(X86, List.of(" Execve", "execve", ""), "k");
        assertThat(plan.rules()).extracting(AuditRule::auditctl).containsExactly(
                "-a always,exit -F arch=b64 -S execve -k k", "-a always,exit -F arch=b32 -S execve -k k");
    }

    @Test
    void aSyscallOneArchLacksIsANoteAndOneNoArchHasIsAnError() {
        RulePlan plan = RulePlan.of(X86, List.of("accept"), "k"); // i386 has only accept4 and socketcall's accept
        assertThat(plan.rules()).extracting(AuditRule::auditctl).containsExactly(
                "-a always,exit -F arch=b64 -S accept -k k",
                "-a always,exit -F arch=b32 -S socketcall -F a0=5 -k k");
        assertThat(plan.notes()).isEmpty();
        RulePlan arch = RulePlan.of(X86, List.of("newfstatat"), "k"); // i386 has fstatat64 instead
        assertThat(arch.notes()).containsExactly("newfstatat does not exist on i386 (b32): no rule for it there");
        assertThatThrownBy(() -> RulePlan.of(X86, List.of("connect", "conect"), "k"))
                .hasMessage("unknown syscall conect (not in the x86_64 or i386 syscall tables)");
    }

    @Test
    void recommendsOneKeyPerQuestion() {
        assertThat(RulePlan.recommended(X86).rules()).extracting(AuditRule::auditctl).containsExactly(
                "-a always,exit -F arch=b64 -S socket,connect -k auditq-net",
                "-a always,exit -F arch=b32 -S socket,connect -k auditq-net",
                "-a always,exit -F arch=b32 -S socketcall -F a0=1 -k auditq-net",
                "-a always,exit -F arch=b32 -S socketcall -F a0=3 -k auditq-net",
                "-a always,exit -F arch=b64 -S execve,execveat -k auditq-exec",
                "-a always,exit -F arch=b32 -S execve,execveat -k auditq-exec");
    }

    @Test
    void knowsTheMachinesArches() {
        assertThat(RulePlan.MachineArches.of("amd64")).isEqualTo(X86);
        assertThat(RulePlan.MachineArches.of("aarch64").b32().name()).isEqualTo("arm");
        assertThat(RulePlan.MachineArches.of("s390x").b32().name()).isEqualTo("s390");
        assertThat(RulePlan.MachineArches.of("ppc64le").b32()).isNull();
        assertThat(RulePlan.MachineArches.of("mips")).isNull();
    }
}
