package io.auditq.parser.input;

import java.nio.file.Path;

/**
 * One input a record came from: a file (possibly gzip), standard input, or the kernel itself.
 *
 * @param name how the responder named it: the path as given, {@code -} for stdin, {@code netlink} for live capture
 * @param path the file, or null for stdin and netlink
 * @param ordinal position of this source in the read order, so rows can be sorted by where they came from
 */
public record LogSource(String name, Path path, int ordinal) {
    public static LogSource stdin(int ordinal) {
        return new LogSource("-", null, ordinal);
    }

    @Override
    public String toString() {
        return name;
    }
}
