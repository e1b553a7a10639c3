package io.auditq.fleet;

import io.auditq.cli.Main;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A fleet made from the project's recorded sample (samples/incident-1), the way responders collect one:
 * web01 RAW with its rotation gzipped and its passwd (uid 1001 is alice); web02 ENRICHED as a collected tree
 * (var/log/audit, etc/passwd); web03 RAW without node= and a passwd where uid 1001 is carol; empty01 whose log holds
 * no audit record; broken01 whose log is a damaged gzip. Also runs commands in this JVM and captures their output.
 */
final class SampleFleet {
    static final Path SAMPLE = Path.of(System.getProperty("auditq.root", ".."), "samples", "incident-1");
    static final List<String> ANSWERING = List.of("web01", "web02", "web03");

    private SampleFleet() {
    }

    /** The one Spark session of the test JVM (local[2]), shared by every test class. */
    static synchronized SparkSession spark() {
        return io.auditq.fleet.run.FleetSession.start("local[2]");
    }

    static Path make(Path root) throws IOException {
        Path web01 = Files.createDirectories(root.resolve("web01"));
        try (var out = new GZIPOutputStream(Files.newOutputStream(web01.resolve("audit.log.1.gz")))) {
            Files.copy(SAMPLE.resolve("raw/audit.log.1"), out);
        }
        Files.copy(SAMPLE.resolve("raw/audit.log"), web01.resolve("audit.log"));
        Files.copy(SAMPLE.resolve("passwd"), web01.resolve("passwd"));
        Files.copy(SAMPLE.resolve("group"), web01.resolve("group"));

        Path web02 = root.resolve("web02");
        Files.createDirectories(web02.resolve("var/log/audit"));
        Files.createDirectories(web02.resolve("etc"));
        Files.copy(SAMPLE.resolve("enriched/audit.log"), web02.resolve("var/log/audit/audit.log"));
        Files.copy(SAMPLE.resolve("passwd"), web02.resolve("etc/passwd"));

        Path web03 = Files.createDirectories(root.resolve("web03"));
        for (String f : List.of("audit.log.1", "audit.log")) {
            Files.writeString(web03.resolve(f), Files.readString(SAMPLE.resolve("raw/" + f))
                    .replace("node=web01 ", ""));
        }
        Files.writeString(web03.resolve("passwd"), Files.readString(SAMPLE.resolve("passwd"))
                .replace("alice:x:1001", "carol:x:1001"));

        Files.writeString(Files.createDirectories(root.resolve("empty01")).resolve("audit.log"),
                "this host's audit.log holds no audit record\n");
        Files.write(Files.createDirectories(root.resolve("broken01")).resolve("audit.log"),
                new byte[] {0x1f, (byte) 0x8b, 'x', 'y', 'z'});
        return root;
    }

    /** Where the single-host command finds a host's logs and names. */
    static List<String> singleHostArgs(Path root, String host) {
        return switch (host) {
            case "web02" -> List.of(root.resolve("web02/var/log/audit").toString(), "--passwd",
                    root.resolve("web02/etc/passwd").toString());
            case "web01" -> List.of(root.resolve("web01").toString(), "--passwd", root.resolve("web01/passwd")
                    .toString(), "--group", root.resolve("web01/group").toString());
            default -> List.of(root.resolve(host).toString(), "--passwd", root.resolve(host + "/passwd").toString());
        };
    }

    /** A command's exit status, stdout and stderr. */
    record Run(int exit, String out, String err) {
    }

    static Run auditq(String... args) {
        return capture(() -> Main.run(args));
    }

    static Run fleet(String... args) {
        return capture(() -> FleetMain.run(args));
    }

    private static synchronized Run capture(java.util.function.IntSupplier command) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = command.getAsInt();
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The lines of CSV text (records here have no line breaks inside cells). */
    static List<String> lines(String csv) {
        List<String> out = new ArrayList<>(csv.lines().toList());
        return out;
    }

    static void delete(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
