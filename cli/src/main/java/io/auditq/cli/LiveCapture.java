package io.auditq.cli;

import io.auditq.cli.out.Terminal;
import io.auditq.parser.live.AuditControl;
import io.auditq.parser.live.AuditRule;
import io.auditq.parser.live.AuditStatus;
import io.auditq.parser.live.LiveAuditException;
import io.auditq.parser.live.LiveAuditSource;
import io.auditq.parser.live.PreAuditProcesses;
import io.auditq.parser.live.RulePlan;
import io.auditq.parser.live.StopRequest;
import io.auditq.parser.live.TemporaryRules;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs a live command's capture: joins the kernel's audit multicast group, loads {@code --rules}, receives until
 * Ctrl-C, SIGTERM or {@code --duration}, removes the rules and restores the kernel, and reports on stderr what
 * the kernel dropped, what could not be parsed and what was restored. The commands only supply a listener.
 */
public final class LiveCapture {
    /** How long Ctrl-C waits for the flush and the rule removal before the JVM exits anyway. */
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final int MALFORMED_SHOWN = 5;
    private static final int OLDEST_SHOWN = 3;

    private LiveCapture() {
    }

    /**
     * Captures into the listener until stopped; {@code into} names where output goes, for the announcement.
     * Missing capabilities and a kernel without audit become a {@link UserError} with exit code 5.
     */
    public static void run(LiveOptions options, LiveAuditSource.Listener listener, String into, PrintWriter err) {
        RulePlan plan = options.plan();
        Tally tally = new Tally(listener, err);
        try (StopRequest stop = StopRequest.onSignals(GRACE)) {
            long start = System.nanoTime();
            long limit = options.duration == null ? Long.MAX_VALUE : options.duration.toNanos();
            BooleanSupplier done = () -> stop.getAsBoolean() || System.nanoTime() - start >= limit;
            try (LiveAuditSource source = LiveAuditSource.open()) {
                AuditStatus before = null;
                TemporaryRules rules = null;
                String unaudited = null;
                if (plan == null) {
                    before = status(err);
                } else {
                    for (String note : plan.notes()) {
                        err.println("auditq: --rules: " + note);
                    }
                    Optional<Double> enabling = PreAuditProcesses.secondsSinceBoot();
                    rules = TemporaryRules.install(plan);
                    before = rules.before();
                    if (rules.enabledByUs() && enabling.isPresent() && !PreAuditProcesses.bootedWithAudit()) {
                        unaudited = unauditedBefore(enabling.get());
                    }
                }
                try {
                    announce(before, rules, unaudited, into, options.duration, err);
                    source.run(tally, done);
                } finally {
                    if (rules != null) {
                        restore(rules, err);
                    }
                }
                AuditStatus after = before == null ? null : status(null);
                report(source.stats(), tally, before, after, System.nanoTime() - start, stop.bySignal(), err);
            }
        } catch (LiveAuditException e) {
            throw new UserError(e.getMessage(), e.kind() == LiveAuditException.Kind.FAILED
                    ? ExitCode.INPUT : ExitCode.PERMISSION);
        } finally {
            err.flush();
        }
    }

    /**
     * The kernel's status, or null when this process may not read it (no CAP_AUDIT_CONTROL). With {@code err},
     * warns when no records can flow; without, it is the closing look and any failure just answers null.
     */
    private static AuditStatus status(PrintWriter err) throws LiveAuditException {
        try (AuditControl control = AuditControl.open()) {
            AuditStatus s = control.status();
            if (err != null && s.enabled() == 0) {
                err.println("auditq: kernel audit is off (enabled 0): the kernel sends no syscall records; "
                        + "--rules switches it on for the capture (or run auditctl -e 1)");
            } else if (err != null && control.listRules().isEmpty()) {
                err.println("auditq: no audit rules are loaded: only records the kernel always sends (logins, "
                        + "audit configuration changes) will arrive; --rules loads the rules for connections "
                        + "and executions for the capture");
            }
            return s;
        } catch (LiveAuditException e) {
            if (err == null) {
                return null; // the capture is done: a failure here only costs the lost-counter comparison
            }
            if (e.kind() != LiveAuditException.Kind.MISSING_CAPABILITY) {
                throw e;
            }
            err.println("auditq: kernel audit status unknown (reading it needs CAP_AUDIT_CONTROL): if no records "
                    + "arrive, kernel audit may be off or have no rules");
            return null;
        }
    }

    /**
     * The note that processes older than the moment auditq enabled audit may be beyond any rule (the kernel gives
     * a task an audit context only if it was created after audit was first enabled since boot), or null when no
     * such process runs.
     */
    private static String unauditedBefore(double enabledAt) {
        PreAuditProcesses old = PreAuditProcesses.startedBefore(Path.of("/proc"), enabledAt,
                ProcessHandle.current().pid(), OLDEST_SHOWN);
        if (old.count() == 0) {
            return null;
        }
        StringBuilder oldest = new StringBuilder();
        for (PreAuditProcesses.Running p : old.oldest()) {
            oldest.append(oldest.isEmpty() ? "" : ", ").append(Terminal.safe(p.comm())).append(" (pid ").append(p.pid())
                    .append(", started ").append(PreAuditProcesses.age(p, enabledAt)).append(" before)");
        }
        return String.format("auditq: NOTE: kernel audit was off until auditq enabled it just now, and this kernel was not "
                + "booted with audit=1: the kernel audits only processes started after audit was first enabled since "
                + "boot. Unless it was on at some earlier time since boot, the %d process%s already running make%s no "
                + "records whatever the rules (oldest: %s%s); what they start from now on is audited. To audit a "
                + "service, restart it; to audit every process, boot with audit=1 (docs/live.md).",
                old.count(), old.count() == 1 ? "" : "es", old.count() == 1 ? "s" : "", oldest,
                old.count() > old.oldest().size() ? ", …" : "");
    }

    private static void announce(AuditStatus before, TemporaryRules rules, String unaudited, String into,
                                 Duration duration, PrintWriter err) {
        if (rules != null) {
            if (!rules.added().isEmpty()) {
                err.printf("auditq: loaded %d audit rule%s (key %s); they are removed on exit:%n", rules.added().size(),
                        rules.added().size() == 1 ? "" : "s", RulePlan.LIVE_KEY);
                for (AuditRule r : rules.added()) {
                    err.println("  auditctl " + r.auditctl());
                }
            }
            for (AuditRule r : rules.alreadyLoaded()) {
                err.println("auditq: already loaded, so left in place at the end: auditctl " + r.auditctl()
                        + (r.key().equals(RulePlan.LIVE_KEY) ? " (by another auditq capture, or left by one that was "
                        + "killed: auditctl -D -k " + RulePlan.LIVE_KEY + " removes it)" : ""));
            }
            if (rules.enabledByUs()) {
                err.println("auditq: kernel audit was off: switched on for the capture, off again at the end");
            }
            if (unaudited != null) {
                err.println(unaudited);
            }
        }
        String beside = before == null ? "" : before.auditdPid() != 0
                ? " beside the audit daemon (pid " + before.auditdPid() + ")"
                : " (no audit daemon is running: the kernel also copies records to its own log, dmesg, rate-limited)";
        err.printf("auditq: capturing kernel audit records%s to %s%s; Ctrl-C stops%n", beside, into,
                duration == null ? "" : " for " + human(duration.toNanos()));
        err.flush();
    }

    private static void restore(TemporaryRules rules, PrintWriter err) {
        try {
            rules.close();
            for (String s : rules.restored()) {
                err.println("auditq: " + s);
            }
        } catch (LiveAuditException | RuntimeException e) {
            for (String s : rules.restored()) {
                err.println("auditq: " + s);
            }
            err.println("auditq: could not restore the kernel's audit rules: " + e.getMessage());
            err.println("auditq: remove them by hand: auditctl -D -k " + RulePlan.LIVE_KEY
                    + (rules.enabledByUs() ? "; auditctl -e 0" : ""));
        }
        err.flush();
    }

    private static void report(LiveAuditSource.Stats s, Tally tally, AuditStatus before, AuditStatus after,
                               long nanos, boolean bySignal, PrintWriter err) {
        err.printf("auditq: %s after %s: %d records received%n", bySignal ? "stopped by signal" : "stopped",
                human(nanos), s.records() + s.malformed());
        if (s.overflows() > 0) {
            err.printf("auditq: WARNING: the kernel dropped records meant for auditq %d time%s (ENOBUFS: the socket's "
                    + "buffer overflowed); at least %d record%s missing from this capture%n", s.overflows(),
                    s.overflows() == 1 ? "" : "s", s.overflows(), s.overflows() == 1 ? " is" : "s are");
        }
        if (before != null && after != null && after.lost() > before.lost()) {
            err.printf("auditq: the kernel's lost-record counter rose by %d during the capture: records dropped "
                    + "inside the kernel (over its backlog limit of %d, or undeliverable to an audit daemon); "
                    + "records dropped before sending are missing here too%n",
                    after.lost() - before.lost(), after.backlogLimit());
        }
        if (s.malformed() > 0) {
            err.printf("auditq: %d record%s could not be parsed (written as received all the same):%n", s.malformed(),
                    s.malformed() == 1 ? "" : "s");
            tally.shown.forEach(m -> err.println("  " + Terminal.safe(String.valueOf(m))));
        }
        if (s.badFraming() > 0) {
            err.printf("auditq: %d datagram%s from the kernel had broken netlink framing; their rest was skipped%n",
                    s.badFraming(), s.badFraming() == 1 ? "" : "s");
        }
        if (s.foreign() > 0) {
            err.printf("auditq: ignored %d datagram%s sent to the audit group by a process, not by the kernel%n",
                    s.foreign(), s.foreign() == 1 ? "" : "s");
        }
    }

    static String human(long nanos) {
        double sec = nanos / 1e9;
        if (sec < 120) {
            return String.format(Locale.ROOT, "%.1f s", sec);
        }
        long s = Math.round(sec);
        return s < 7200 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /** Passes everything on, keeping the first malformed records and telling of kernel drops as they happen. */
    private static final class Tally implements LiveAuditSource.Listener {
        private final LiveAuditSource.Listener next;
        private final PrintWriter err;
        final List<Malformation> shown = new ArrayList<>();

        Tally(LiveAuditSource.Listener next, PrintWriter err) {
            this.next = next;
            this.err = err;
        }

        @Override
        public void message(int type, byte[] buf, int off, int len) {
            next.message(type, buf, off, len);
        }

        @Override
        public void record(AuditRecord record) {
            next.record(record);
        }

        @Override
        public void malformed(Malformation m) {
            if (shown.size() < MALFORMED_SHOWN) {
                shown.add(m);
            }
            next.malformed(m);
        }

        @Override
        public void idle() {
            next.idle();
        }

        @Override
        public void end() {
            next.end();
        }

        @Override
        public void overflow(long total) {
            err.printf("auditq: WARNING: the kernel dropped records meant for auditq (ENOBUFS, %d so far)%n", total);
            err.flush();
            next.overflow(total);
        }
    }
}
