package io.auditq.parser.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which running processes started before audit was enabled, read from a /proc made by the test. */
class PreAuditProcessesTest {
    @TempDir
    Path proc;

    /** A stat line as the kernel writes it: flags is field 9, starttime (clock ticks since boot) field 22. */
    private void process(long pid, String comm, long flags, long startTicks) throws IOException {
        StringBuilder line = new StringBuilder(pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 " + flags);
        for (int field = 10; field <= 21; field++) {
            line.append(" 0");
        }
        line.append(' ').append(startTicks).append(" 1000 200 18446744073709551615\n");
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(pid + "/stat"), line.toString());
    }

    @Test
    void countsProcessesStartedBeforeTheMomentOldestFirstWithoutKernelThreadsOrItself() throws IOException {
        process(1, "systemd", 0x400100, 5);
        process(2, "kthreadd", 0x208040, 0);           // PF_KTHREAD: never audited, never counted
        process(512, "sshd", 0x400140, 300);
        process(900, "evil (x) ) name", 0x400000, 250); // comm with spaces and parentheses
        process(1200, "bash", 0x400000, 12_000);       // started after the moment: audited
        process(1300, "auditq-self", 0x400000, 100);   // the capture's own process
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("1400"));  // exited while /proc was read: no stat

        PreAuditProcesses old = PreAuditProcesses.startedBefore(proc, 100.0, 1300, 2);

        assertThat(old.count()).isEqualTo(3);
        assertThat(old.oldest()).extracting(PreAuditProcesses.Running::pid).containsExactly(1L, 900L);
        assertThat(old.oldest().get(1).comm()).isEqualTo("evil (x) ) name");
        assertThat(old.oldest().getFirst().startedSeconds()).isEqualTo(0.05);
        assertThat(PreAuditProcesses.age(old.oldest().getFirst(), 100.0)).isEqualTo("100 s");
        assertThat(PreAuditProcesses.age(old.oldest().getFirst(), 4000.0)).isEqualTo("66 min");
    }

    @Test
    void noProcessDirectoryMeansNothingFound() {
        assertThat(PreAuditProcesses.startedBefore(proc.resolve("absent"), 1.0, 1, 3).count()).isZero();
    }

    @Test
    void bootedWithAuditOnlyWhenTheKernelsOwnArgumentsSaySo() {
        assertThat(PreAuditProcesses.auditOnCommandLine("BOOT_IMAGE=/vmlinuz root=/dev/sda1 audit=1 quiet")).isTrue();
        assertThat(PreAuditProcesses.auditOnCommandLine("ro audit=ON\n")).isTrue();
        assertThat(PreAuditProcesses.auditOnCommandLine("ro audit=0 quiet")).isFalse();
        assertThat(PreAuditProcesses.auditOnCommandLine("ro quiet audit_backlog_limit=8192")).isFalse();
        assertThat(PreAuditProcesses.auditOnCommandLine("console=ttyS0 -- --init-arg audit=1")).isFalse();
    }

    @Test
    void thisMachinesOwnProcIsReadable() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc on this system");
        assertThat(PreAuditProcesses.secondsSinceBoot()).hasValueSatisfying(s -> assertThat(s).isPositive());
        PreAuditProcesses now = PreAuditProcesses.startedBefore(Path.of("/proc"), Double.MAX_VALUE,
                ProcessHandle.current().pid(), 5);
        assertThat(now.oldest()).noneMatch(p -> p.pid() == ProcessHandle.current().pid());
        assertThat(now.count()).isGreaterThanOrEqualTo(now.oldest().size());
    }
}
