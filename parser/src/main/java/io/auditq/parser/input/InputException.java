package io.auditq.parser.input;

/** A user-facing failure to open or read an input: its message is one sentence naming the place. */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
