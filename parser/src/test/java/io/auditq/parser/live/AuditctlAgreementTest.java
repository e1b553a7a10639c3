package io.auditq.parser.live;

import io.auditq.parser.testing.KernelAudit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * auditq's struct audit_rule_data is libaudit's: the kernel deletes a rule only when it is field for field,
 * bit for bit the rule it holds, so a rule auditctl loaded that auditq can delete (and the other way round)
 * was encoded identically. Also proves the lines {@code auditq rules} prints are valid auditctl input.
 */
class AuditctlAgreementTest {
    private static final Duration T = Duration.ofSeconds(10);

    @BeforeEach
    void needsKernelAudit() {
        var reason = KernelAudit.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "kernel audit test skipped: " + reason.orElse(""));
        assumeTrue(AuditNetlink.unsupportedPlatform() == null, AuditNetlink::unsupportedPlatform);
    }

    @Test
    void rulesAuditctlLoadsAreTheRulesAuditqDeletesAndTheOtherWayRound() throws Exception {
        List<AuditRule> rules = new ArrayList<>(RulePlan.recommended(RulePlan.MachineArches.current()).rules());
        rules.addAll(RulePlan.of(RulePlan.MachineArches.current(), RulePlan.DEFAULT_SYSCALLS, RulePlan.LIVE_KEY)
                .rules());
        try (KernelAudit.KernelLock _ = KernelAudit.KernelLock.acquire(Duration.ofMinutes(10))) {
            String before = auditctl("-l").out();
            List<String> loadedByAuditctl = new ArrayList<>();
            try (AuditControl control = AuditControl.open()) {
                for (AuditRule r : rules) {
                    KernelAudit.Result added = auditctl(r.auditctl().split(" "));
                    assertThat(added.code()).as("auditctl " + r.auditctl() + ": " + added.out()).isZero();
                    loadedByAuditctl.add(r.auditctl());
                    List<AuditRule.Listed> listed = control.listRules();
                    assertThat(listed).as("listed after auditctl " + r.auditctl()).anyMatch(l -> l.matches(r));
                    assertThat(control.deleteRule(r)).as("auditq deletes what auditctl loaded: " + r.auditctl())
                            .isTrue();
                    loadedByAuditctl.remove(r.auditctl());

                    assertThat(control.addRule(r)).isTrue();
                    assertThat(control.addRule(r)).as("the same rule twice is EEXIST").isFalse();
                    String deleteArgs = r.auditctl().replaceFirst("^-a ", "-d ");
                    KernelAudit.Result deleted = auditctl(deleteArgs.split(" "));
                    assertThat(deleted.code()).as("auditctl " + deleteArgs + " deletes what auditq loaded: "
                            + deleted.out()).isZero();
                    assertThat(control.deleteRule(r)).as("already gone: ENOENT").isFalse();
                }
            } finally {
                for (String line : loadedByAuditctl) { // only if an assertion failed midway
                    auditctl(line.replaceFirst("^-a ", "-d ").split(" "));
                }
            }
            assertThat(auditctl("-l").out()).isEqualTo(before);
        }
    }

    private static KernelAudit.Result auditctl(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "auditctl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return KernelAudit.exec(T, cmd);
    }
}
