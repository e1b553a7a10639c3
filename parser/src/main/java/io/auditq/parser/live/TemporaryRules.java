package io.auditq.parser.live;

import java.util.ArrayList;
import java.util.List;

import static io.auditq.parser.live.LiveAuditException.Kind.LOCKED;

/**
 * Audit rules loaded for the length of a capture, then removed, leaving the kernel as it was found.
 *
 * <p>Exactly the rules auditq added are deleted: an identical rule that was already loaded (say, from the
 * host's own rules.d) is left in place. Kernel audit must be enabled for records to flow, so when it was off
 * (enabled 0) it is switched on, and off again at the end, unless an audit daemon registered in the meantime
 * (then turning it off would silence that daemon, so it is left on and said so).
 *
 * <p>Each step opens its own short-lived control socket, so {@link #close} may run on any thread.
 */
public final class TemporaryRules implements AutoCloseable {
    private final List<AuditRule> added;
    private final List<AuditRule> alreadyLoaded;
    private final AuditStatus before;
    private final boolean enabledByUs;
    private boolean closed;
    private List<String> restored = List.of();

    private TemporaryRules(List<AuditRule> added, List<AuditRule> alreadyLoaded, AuditStatus before,
                           boolean enabledByUs) {
        this.added = List.copyOf(added);
        this.alreadyLoaded = List.copyOf(alreadyLoaded);
        this.before = before;
        this.enabledByUs = enabledByUs;
    }

    /** Loads the plan's rules and enables kernel audit if it was off; on failure, undoes what it did. */
    public static TemporaryRules install(RulePlan plan) throws LiveAuditException {
        List<AuditRule> added = new ArrayList<>();
        List<AuditRule> already = new ArrayList<>();
        AuditStatus before;
        try (AuditControl control = AuditControl.open()) {
            try {
                before = control.status();
            } catch (LiveAuditException e) {
                if (e.kind() != LiveAuditException.Kind.MISSING_CAPABILITY) {
                    throw e;
                }
                throw new LiveAuditException(e.kind(), "loading audit rules needs root or the CAP_AUDIT_CONTROL "
                        + "capability (the kernel refused auditq's control requests)");
            }
            if (before.locked()) {
                throw new LiveAuditException(LOCKED, "kernel audit is locked (enabled 2, set by auditctl -e 2): "
                        + "rules cannot be added until reboot; capture without --rules records what the "
                        + "loaded rules already cause");
            }
            try {
                for (AuditRule rule : plan.rules()) {
                    if (control.addRule(rule)) {
                        added.add(rule);
                    } else {
                        already.add(rule);
                    }
                }
                if (before.enabled() == 0) {
                    control.setEnabled(1);
                }
            } catch (LiveAuditException | RuntimeException e) {
                for (AuditRule rule : added.reversed()) {
                    try {
                        control.deleteRule(rule);
                    } catch (LiveAuditException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
        return new TemporaryRules(added, already, before, before.enabled() == 0);
    }

    /** The rules auditq loaded (and will remove). */
    public List<AuditRule> added() {
        return added;
    }

    /** Rules of the plan that were loaded already, by someone else: they stay. */
    public List<AuditRule> alreadyLoaded() {
        return alreadyLoaded;
    }

    /** The kernel's status before auditq changed anything. */
    public AuditStatus before() {
        return before;
    }

    /** True when kernel audit was off and auditq switched it on. */
    public boolean enabledByUs() {
        return enabledByUs;
    }

    /** What {@link #close} restored, in sentences (empty before it ran). */
    public List<String> restored() {
        return restored;
    }

    /** Removes the rules auditq added and switches kernel audit off again if auditq switched it on. */
    @Override
    public void close() throws LiveAuditException {
        if (closed) {
            return;
        }
        closed = true;
        List<String> said = new ArrayList<>();
        try (AuditControl control = AuditControl.open()) {
            int removed = 0;
            for (AuditRule rule : added) {
                if (control.deleteRule(rule)) {
                    removed++;
                } else {
                    said.add("rule already gone (removed by someone else): " + rule.auditctl());
                }
            }
            said.add("removed the " + removed + " audit rule" + (removed == 1 ? "" : "s") + " auditq loaded (key "
                    + keys() + ")");
            if (enabledByUs) {
                AuditStatus now = control.status();
                if (now.auditdPid() != 0 && before.auditdPid() == 0) {
                    said.add("kernel audit left enabled: an audit daemon (pid " + now.auditdPid()
                            + ") registered during the capture");
                } else if (now.enabled() == 1) {
                    control.setEnabled(0);
                    said.add("kernel audit disabled again (enabled 0, as before)");
                }
            }
        } finally {
            restored = List.copyOf(said);
        }
    }

    private String keys() {
        return String.join(",", added.stream().map(AuditRule::key).distinct().toList());
    }
}
