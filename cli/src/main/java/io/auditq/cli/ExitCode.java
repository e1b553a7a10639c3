package io.auditq.cli;

/** auditq's exit codes, documented in docs/guide.md; scripts rely on them. */
public final class ExitCode {
    /** The command did what was asked (malformed lines, if any, were counted and reported on stderr). */
    public static final int OK = 0;
    /** A bug in auditq: please report it with the message. */
    public static final int INTERNAL = 1;
    /** The command line was wrong: unknown option, bad value. */
    public static final int USAGE = 2;
    /**
     * An input could not be opened, or could not be read to its end (what was read is still printed), or the case
     * database could not be used.
     */
    public static final int INPUT = 3;
    /** --strict: a malformed line stopped the command. */
    public static final int MALFORMED = 4;
    /** Live capture lacks a capability or kernel audit support. */
    public static final int PERMISSION = 5;

    private ExitCode() {
    }
}
