package io.auditq.query.connect;

import java.util.Locale;

/** How a connection's protocol is known, so that an unknown protocol says why it is unknown. */
public enum ProtocolBasis {
    /** The socket() call (or a dup of it) that created this process's fd is in the log. */
    SOCKET,
    /** This process's fd is not, but its parent's same fd is: inherited across fork. */
    INHERITED,
    /**
     * socket() calls are in the log, but not the one that made this fd: made before the log starts, passed in by
     * another process, or not covered by the rules (an {@code -F a0=2} filter audits IPv4 sockets only).
     */
    UNSEEN,
    /** The log holds no socket() call at all for this host: socket() is not audited. */
    NOT_AUDITED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ProtocolBasis fromLabel(String label) {
        return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
