package io.auditq.query.schema;

import io.auditq.parser.input.InputException;

/** The case database cannot be used (missing, locked by another process, from another auditq version): a user error. */
public final class CaseDatabaseException extends InputException {
    public CaseDatabaseException(String message) {
        super(message);
    }

    public CaseDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
