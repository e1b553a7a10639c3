package io.auditq.parser.live;

/** Why live capture or a rule change cannot go on, in one sentence a responder can act on. */
public final class LiveAuditException extends Exception {
    /** What kind of obstacle it is; the CLI maps the first three to its "missing capability" exit code. */
    public enum Kind {
        /** Not root, and the capability named in the message is missing. */
        MISSING_CAPABILITY,
        /** No kernel audit here: a kernel without it, another platform, or a container's namespaces. */
        UNAVAILABLE,
        /** Kernel audit is locked ({@code auditctl -e 2}): rules cannot change until reboot. */
        LOCKED,
        /** Anything else the kernel refused or did not answer. */
        FAILED
    }

    private final Kind kind;

    public LiveAuditException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
