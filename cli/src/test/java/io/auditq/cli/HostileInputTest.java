package io.auditq.cli;

import io.auditq.cli.command.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile inputs end to end, through {@link Main#run}: each ends with a one-sentence message naming the place,
 * the exit code docs/hardening.md documents, and never a stack trace. Big inputs are made here, never committed.
 */
class HostileInputTest {
    private static final String SYSCALL = "type=SYSCALL msg=audit(1700000000.%03d:%d): arch=c000003e syscall=42 "
            + "success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=1 pid=%d auid=1000 uid=0 gid=0 euid=0 "
            + "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"net\"\n";

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.err()).as("stderr of auditq %s", String.join(" ", args))
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
        return r;
    }

    static String syscall(int i) {
        return String.format(SYSCALL, i % 1000, 100 + i, 4000 + i);
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void aHundredMegabyteLineIsOneMalformedLineAndTheNextLinesStillParse() throws IOException {
        Path log = dir.resolve("huge.log");
        try (OutputStream o = Files.newOutputStream(log)) {
            o.write(syscall(1).getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'A');
            for (int i = 0; i < 100; i++) {
                o.write(block);
            }
            o.write('\n');
            o.write(syscall(2).getBytes(StandardCharsets.US_ASCII));
        }
        CliRun r = run("events", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"syscall\":\"connect\""));
        assertThat(r.err()).contains("1 malformed line skipped (of 3 lines read)")
                .contains(log + ":2: line longer than 1048576 bytes, skipped: AAAA");
        // the snippet is bounded: the report stays a few lines, whatever the line's size
        assertThat(r.err().length()).isLessThan(1000);
    }

    @Test
    void nulBytesAreEscapedInTheOutputAndInTheReport() throws IOException {
        String line = syscall(1).replace("comm=\"curl\"", "comm=6375726C00782F") + "\0\0type=garbage\n";
        Path log = write("nul.log", line.getBytes(StandardCharsets.ISO_8859_1));
        CliRun r = run("events", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("\"comm\":\"curl\\u0000x/\"").doesNotContain("\0");
        assertThat(r.err()).contains(log + ":2: no type= at the start of the record: \\x00\\x00type=garbage")
                .doesNotContain("\0");
    }

    @Test
    void invalidUtf8InAQuotedValueIsKeptAsEscapesAndTheOutputIsValidUtf8() throws IOException {
        byte[] line = syscall(1).replace("exe=\"/usr/bin/curl\"", "exe=\"/tmp/\u00ff\u00fe\u00c3(\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        CliRun r = runBytes(write("utf8.log", line));
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("\"exe\":\"/tmp/\\\\xFF\\\\xFE\\\\xC3(\"");
    }

    /** Runs events and also checks that stdout is strictly valid UTF-8. */
    private CliRun runBytes(Path log) {
        CliRun r = run("events", log.toString());
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(r.outBytes()));
            return r;
        } catch (CharacterCodingException e) {
            throw new AssertionError("stdout is not valid UTF-8", e);
        }
    }

    @Test
    void binaryGarbageIsCountedLineByLineAndNothingCrashes() throws IOException {
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        junk[0] = 'x'; // not gzip's magic
        long lines = 0;
        for (byte b : junk) {
            lines += b == '\n' ? 1 : 0;
        }
        lines += junk[junk.length - 1] == '\n' ? 0 : 1;
        Path log = write("junk.bin", junk);
        CliRun r = run("malformed", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains(lines + " lines: 0 records in 0 events");
        // every snippet is escaped: no raw control byte reaches the terminal
        assertThat(r.out().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    /** ausearch -i output is not a log: said line by line, and no guess that connect() is not audited. */
    @Test
    void interpretedAusearchOutputIsNamedAndNotTakenForALogWithoutConnects() throws IOException {
        Path log = write("interpreted.log", ("----\n"
                + "type=SYSCALL msg=audit(11/24/26 17:24:42.885:1185400) : arch=x86_64 syscall=connect success=no "
                + "exit=EINPROGRESS a0=0x3 items=0 ppid=28712 pid=28722 auid=bob uid=bob comm=curl exe=/usr/bin/curl\n")
                .getBytes(StandardCharsets.UTF_8));
        CliRun r = run("connections", log.toString(), "--format", "csv");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains("2 malformed lines skipped (of 2 lines read)")
                .contains("interpreted timestamp (ausearch -i output?)")
                .doesNotContain("connect is probably not audited");
    }

    @Test
    void aTruncatedGzipSaysWhereItEndedAndKeepsTheLinesBefore() throws IOException {
        byte[] gz = gzip(200);
        Path log = write("audit.log.2.gz", Arrays.copyOf(gz, gz.length / 2));
        CliRun r = run("events", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err()).containsPattern(log + ": truncated \\(compressed data ends early\\) after line \\d+; "
                + "lines before it were read");
        assertThat(r.out().lines().count()).isPositive().isLessThan(200);
    }

    @Test
    void aCorruptGzipIsAReadErrorNamingTheFile() throws IOException {
        byte[] gz = gzip(200);
        for (int i = gz.length / 3; i < gz.length / 3 + 64; i++) {
            gz[i] ^= (byte) 0x5a;
        }
        Path log = write("rotated.gz", gz);
        CliRun r = run("events", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err()).containsPattern(log + ": (read error|truncated).* after line \\d+");
    }

    private static byte[] gzip(int lines) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            for (int i = 0; i < lines; i++) {
                // distinct pids keep the compressed stream long enough to cut
                z.write(syscall(i).replace("a1=7ffd", "a1=" + Long.toHexString(new Random(i).nextLong()))
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        return b.toByteArray();
    }

    @Test
    void aSymlinkLoopIsNamedAsOne() throws IOException {
        Path loop = dir.resolve("loopdir");
        Files.createSymbolicLink(loop, loop.getFileName());
        CliRun r = run("events", loop.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).isEqualTo("auditq: " + loop + ": symbolic link that leads nowhere (dangling, "
                + "or a loop of links)");
    }

    @Test
    void aDirectoryWhoseAuditLogLoopsBackIsRefusedNotSkipped() throws IOException {
        Path loopdir = Files.createDirectory(dir.resolve("loopdir"));
        Files.createSymbolicLink(loopdir.resolve("audit.log"), Path.of("."));
        Files.write(loopdir.resolve("audit.log.1"), syscall(1).getBytes(StandardCharsets.US_ASCII));
        CliRun r = run("events", loopdir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).isEqualTo("auditq: " + loopdir.resolve("audit.log")
                + ": is a directory; name the logs to read one by one");
    }

    @Test
    void devZeroIsRefusedInsteadOfReadForever() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        CliRun r = run("events", "/dev/zero");
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).isEqualTo("auditq: /dev/zero: is a character device, not a log; auditq reads "
                + "files, directories, FIFOs and - (stdin)");
    }

    @Test
    void aFifoIsReadToItsEnd() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream o = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                o.write((syscall(1) + syscall(2)).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun r = run("events", fifo.toString());
        writer.join();
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out().lines()).hasSize(2);
    }

    @Test
    void aFileThatGrowsWhileReadIsReadToTheEndItHasWhenTheEndIsReached() throws IOException {
        Path log = dir.resolve("growing.log");
        int initial = 30_000; // ~9 MB: far more than the reader's buffers, so reading is under way when it grows
        writeSyscalls(log, 0, initial);
        Path appendix = dir.resolve("appendix");
        writeSyscalls(appendix, initial, 10);
        boolean[] grown = {false};
        var summary = io.auditq.parser.AuditLogReader.of(java.util.List.of(log.toString())).read(ev -> {
            if (!grown[0]) {
                grown[0] = true;
                try {
                    Files.write(log, Files.readAllBytes(appendix), StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, null);
        assertThat(grown[0]).isTrue();
        assertThat(summary.readErrors()).isEmpty();
        assertThat(summary.stats().lines).isEqualTo(initial + 10);
        assertThat(summary.stats().malformed).isZero();
    }

    @Test
    void aFileTruncatedWhileReadIsReportedNotReadAsShorter() throws IOException {
        Path log = dir.resolve("audit.log");
        writeSyscalls(log, 0, 30_000);
        boolean[] cut = {false};
        var summary = io.auditq.parser.AuditLogReader.of(java.util.List.of(log.toString())).read(ev -> {
            if (!cut[0]) {
                cut[0] = true;
                try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(0); // what logrotate's copytruncate does
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, null);
        assertThat(summary.readErrors()).singleElement().asString()
                .startsWith(log + ": read error after line ")
                .contains("the file shrank while being read").endsWith("it was truncated or rotated; read a copy");
        assertThat(summary.stats().malformed).isZero();
    }

    private static void writeSyscalls(Path p, int from, int count) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(syscall(i));
        }
        Files.writeString(p, sb, StandardCharsets.US_ASCII);
    }

    @Test
    void anUnreadableFileIsAPermissionError() throws IOException {
        Path log = write("secret.log", syscall(1).getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(log), "this user (root, or CAP_DAC_OVERRIDE) reads a mode-000 file anyway; "
                + "docs/hardening.md shows the same check by hand with setpriv as another user");
        CliRun r = run("events", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).isEqualTo("auditq: " + log
                + ": permission denied (audit logs are root-readable; try sudo or a copy)");
    }

    @Test
    void aMissingFileIsAnInputError() {
        CliRun r = run("events", dir.resolve("nope.log").toString());
        assertThat(r.code()).isEqualTo(ExitCode.INPUT);
        assertThat(r.err().strip()).isEqualTo("auditq: " + dir.resolve("nope.log") + ": no such file or directory");
    }

    @Test
    void strictStopsAtTheFirstMalformedLineWithItsPlace() throws IOException {
        Path log = write("s.log", (syscall(1) + "garbage\u0007\n" + syscall(2)).getBytes(StandardCharsets.US_ASCII));
        CliRun r = run("events", "--strict", log.toString());
        assertThat(r.code()).isEqualTo(ExitCode.MALFORMED);
        assertThat(r.err()).contains("auditq: stopped (--strict) at " + log + ":2: no type= at the start of the "
                + "record: garbage\\x07");
    }
}
