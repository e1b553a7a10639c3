package io.auditq.parser.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A copy of a source that can be read only once (stdin, a FIFO), in a private temporary file deleted at exit, for
 * a reader that must read its input twice. The copy keeps the source's name and place in the read order, so
 * {@code file:line} still names the source as the responder gave it.
 */
public final class Spool {
    private Spool() {
    }

    /** The source itself when it is a regular file; else a copy of its bytes (gzip stays gzip) in a private file. */
    public static LogSource rereadable(LogSource source) {
        if (source.path() != null && Files.isRegularFile(source.path())) {
            return source;
        }
        Path copy = null;
        try {
            copy = Files.createTempFile("auditq-input-", ".log",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            copy.toFile().deleteOnExit();
            try (InputStream in = source.path() == null ? System.in : Files.newInputStream(source.path());
                 OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            return new LogSource(source.name(), copy, source.ordinal());
        } catch (IOException | UnsupportedOperationException e) {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // deleted at exit
                }
            }
            throw new InputException(source.name() + ": cannot copy to a temporary file to read it twice: "
                    + e.getMessage(), e instanceof IOException io ? io : null);
        }
    }
}
