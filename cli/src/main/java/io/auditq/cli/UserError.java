package io.auditq.cli;

/** A mistake the user can fix, told in one sentence with its exit code; never a stack trace. */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, ExitCode.USAGE);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
