package io.auditq.parser.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The processes running now that started before a given moment since boot: when kernel audit was off until
 * that moment, the kernel may never audit them.
 *
 * <p>Why: a task gets an audit context only if it is created after kernel audit was first enabled since boot
 * ({@code audit_ever_enabled}, kernel/auditsc.c {@code audit_alloc}), unless the kernel was booted with
 * {@code audit=1}. A task without one produces no syscall records, whatever the rules say, until it exits; its
 * children started later are audited. userspace cannot read {@code audit_ever_enabled}, so when auditq finds the
 * flag off and switches it on, every process older than that moment is unaudited unless audit was on at some
 * time earlier since boot.
 *
 * @param count  processes (not kernel threads, not auditq itself) that started before the moment
 * @param oldest the oldest of them, oldest first
 */
public record PreAuditProcesses(int count, List<Running> oldest) {
    /** One process: its pid, its comm and its start in seconds since boot. */
    public record Running(long pid, String comm, double startedSeconds) {
    }

    /**
     * {@code USER_HZ}, the unit of {@code /proc/PID/stat}'s start time: 100 on every architecture live capture
     * supports (x86_64, aarch64, s390x, riscv64), fixed by the kernel's ABI whatever its internal HZ.
     */
    private static final double TICKS_PER_SECOND = 100;
    /** PF_KTHREAD in {@code /proc/PID/stat}'s flags: a kernel thread, which makes no audited syscalls. */
    private static final long PF_KTHREAD = 0x00200000;
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Seconds since boot now ({@code /proc/uptime}), or empty where there is no such file. */
    public static Optional<Double> secondsSinceBoot() {
        try {
            String s = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII).strip();
            return Optional.of(Double.parseDouble(s.substring(0, s.indexOf(' '))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the running kernel was booted with {@code audit=1} ({@code /proc/cmdline}): then every task has an
     * audit context from the start, and no process is beyond the rules' reach.
     */
    public static boolean bootedWithAudit() {
        try {
            return auditOnCommandLine(Files.readString(Path.of("/proc/cmdline"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a kernel command line turns audit on at boot ({@code audit=1}; the kernel also takes {@code on}). */
    static boolean auditOnCommandLine(String cmdline) {
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.equals("--")) {
                return false; // what follows is init's arguments, not the kernel's
            }
            if (word.equals("audit=1") || word.equalsIgnoreCase("audit=on")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The processes in {@code proc} (normally {@code /proc}) started before {@code secondsSinceBoot}, except
     * kernel threads and {@code self}; keeps the {@code keep} oldest. Processes that exit while being read are
     * skipped.
     */
    public static PreAuditProcesses startedBefore(Path proc, double secondsSinceBoot, long self, int keep) {
        List<Running> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> DIGITS.matcher(p.getFileName().toString()).matches())) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                stat(dir.resolve("stat"), pid).filter(p -> p.startedSeconds() < secondsSinceBoot).ifPresent(found::add);
            }
        } catch (IOException e) {
            return new PreAuditProcesses(0, List.of());
        }
        found.sort(Comparator.comparingDouble(Running::startedSeconds).thenComparingLong(Running::pid));
        return new PreAuditProcesses(found.size(), List.copyOf(found.subList(0, Math.min(keep, found.size()))));
    }

    /** A process from its stat line, or empty for a kernel thread or one that is gone. */
    static Optional<Running> stat(Path stat, long pid) {
        String line;
        try {
            line = Files.readString(stat, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty(); // exited meanwhile
        }
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so it ends at the last ')'
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).split(" ");
        // after comm: state(3) ppid pgrp session tty_nr tpgid flags(9) … starttime(22): indexes 0, 6 and 19
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            long flags = Long.parseLong(f[6]);
            if ((flags & PF_KTHREAD) != 0) {
                return Optional.empty();
            }
            return Optional.of(new Running(pid, line.substring(open + 1, close), Long.parseLong(f[19]) / TICKS_PER_SECOND));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How long before {@code now} (seconds since boot) a process started, for people. */
    public static String age(Running p, double now) {
        long s = Math.max(0, Math.round(now - p.startedSeconds()));
        Duration d = Duration.ofSeconds(s);
        return s < 120 ? s + " s" : s < 7200 ? d.toMinutes() + " min" : s < 172_800 ? d.toHours() + " h" : d.toDays() + " days";
    }
}
