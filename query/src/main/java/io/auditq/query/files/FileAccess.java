package io.auditq.query.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * How a syscall accessed the files it names (read, write, exec, attr), from the table in file-access.tsv and,
 * for open/openat, the open flags. The one place that decides the {@code access} of a file_accesses row.
 */
public final class FileAccess {
    public static final String READ = "read", WRITE = "write", EXEC = "exec", ATTR = "attr", NONE = "none",
            UNKNOWN = "unknown";

    // open(2) flags, asm-generic/fcntl.h: the same on x86, arm and arm64 (alpha, sparc, mips, parisc differ)
    static final long O_ACCMODE = 03, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100, O_TRUNC = 01000,
            O_APPEND = 02000, O_PATH = 010000000;

    private static final String RESOURCE = "/io/auditq/query/file-access.tsv";
    private static final String FLAGS_PREFIX = "open-flags:a";

    /** A syscall's access: a fixed one, or the open flags in argument {@code flagsArg}. */
    private record Rule(String access, int flagsArg) {
    }

    /** A row's access and, for opens, the flags it was decided from (null otherwise or when not logged). */
    public record Access(String access, Long flags) {
    }

    private static final Map<String, Rule> RULES = load();

    private FileAccess() {
    }

    /** The access of {@code syscall} with these arguments (null when the log has none). */
    public static Access of(String syscall, long[] args) {
        if (syscall == null) {
            return new Access(UNKNOWN, null);
        }
        Rule r = RULES.get(syscall);
        if (r == null) {
            return new Access(UNKNOWN, null);
        }
        if (r.flagsArg() < 0) {
            return new Access(r.access(), null);
        }
        if (args == null || r.flagsArg() >= args.length || args[r.flagsArg()] < 0) {
            return new Access(UNKNOWN, null); // the flags are not in the log: an open that may read or write
        }
        long flags = args[r.flagsArg()];
        return new Access(ofOpenFlags(flags), flags);
    }

    /** read, write or attr, from open flags. */
    public static String ofOpenFlags(long flags) {
        if ((flags & O_PATH) != 0) {
            return ATTR;
        }
        long mode = flags & O_ACCMODE;
        if (mode == O_WRONLY || mode == O_RDWR || (flags & (O_CREAT | O_TRUNC | O_APPEND)) != 0) {
            return WRITE;
        }
        return READ;
    }

    /** The syscalls the table names (for tests and docs). */
    public static Map<String, String> table() {
        Map<String, String> m = new HashMap<>();
        RULES.forEach((k, v) -> m.put(k, v.flagsArg() < 0 ? v.access() : FLAGS_PREFIX + v.flagsArg()));
        return m;
    }

    private static Map<String, Rule> load() {
        Map<String, Rule> m = new HashMap<>();
        try (InputStream in = FileAccess.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 2) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": expected 'syscall<TAB>access': " + line);
                }
                String a = f[1].strip();
                Rule rule = a.startsWith(FLAGS_PREFIX)
                        ? new Rule(null, Integer.parseInt(a.substring(FLAGS_PREFIX.length())))
                        : switch (a) {
                            case READ, WRITE, EXEC, ATTR, NONE -> new Rule(a, -1);
                            default -> throw new IllegalStateException(RESOURCE + ":" + n + ": unknown access '" + a + "'");
                        };
                if (m.put(f[0].strip(), rule) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": " + f[0] + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
