package io.auditq.parser.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What the responder named as input, in read order: files as given, a directory as its audit.log with its
 * rotations oldest first, {@code -} for stdin. Evidence is only ever opened for reading.
 */
public final class LogInputs {
    /** The default when nothing is named. */
    public static final String DEFAULT_DIR = "/var/log/audit";
    /** audit.log, audit.log.3, audit.log.3.gz, audit.log-20240101, audit.log-20240101.gz */
    private static final Pattern ROTATION =
            Pattern.compile("audit\\.log(?:\\.(\\d+)|-(\\d{8,14}))?(\\.gz)?");

    private LogInputs() {
    }

    public static List<LogSource> expand(List<String> args) {
        List<String> names = args == null || args.isEmpty() ? List.of(DEFAULT_DIR) : args;
        List<LogSource> out = new ArrayList<>();
        for (String a : names) {
            if (a.equals("-")) {
                out.add(LogSource.stdin(out.size()));
                continue;
            }
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<Path> rotations = rotations(p);
                if (rotations.isEmpty()) {
                    throw new InputException(a + ": directory holds no audit.log or rotations of it (audit.log.N)");
                }
                for (Path r : rotations) {
                    out.add(new LogSource(r.toString(), r, out.size()));
                }
            } else if (Files.exists(p)) {
                if (!Files.isReadable(p)) {
                    throw new InputException(a + ": permission denied (audit logs are root-readable; try sudo or a copy)");
                }
                out.add(new LogSource(a, p, out.size()));
            } else {
                throw new InputException(a + ": no such file or directory");
            }
        }
        return out;
    }

    /** A directory's audit logs in the order they were written: dated, then audit.log.N … .1, then audit.log. */
    static List<Path> rotations(Path dir) {
        record Rot(Path path, int group, long order) {
        }
        List<Rot> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Matcher m = ROTATION.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                if (m.group(2) != null) {
                    found.add(new Rot(f, 0, Long.parseLong(m.group(2))));
                } else if (m.group(1) != null) {
                    found.add(new Rot(f, 1, -Long.parseLong(m.group(1))));
                } else {
                    found.add(new Rot(f, 2, 0));
                }
            }
        } catch (AccessDeniedException e) {
            throw new InputException(dir + ": permission denied (audit logs are root-readable; try sudo or a copy)");
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list directory: " + e.getMessage(), e);
        }
        found.sort(Comparator.comparingInt(Rot::group).thenComparingLong(Rot::order));
        return found.stream().map(Rot::path).toList();
    }

    /** Opens a source read-only, decompressing gzip when its first bytes say so, whatever its name. */
    public static InputStream open(LogSource source) {
        try {
            InputStream raw = source.path() == null ? System.in
                    : Files.newInputStream(source.path(), StandardOpenOption.READ);
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new InputException(source.name() + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(source.name() + ": permission denied");
        } catch (IOException e) {
            throw new InputException(source.name() + ": cannot open: " + e.getMessage(), e);
        }
    }
}
