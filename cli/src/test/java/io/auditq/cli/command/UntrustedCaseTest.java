package io.auditq.cli.command;

import io.auditq.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A case file from someone else (docs/hardening.md, "Untrusted case files"): each kind of foreign object, planted
 * with the H2 jar alone in a case auditq wrote, is refused by every command that opens cases, with one line and
 * exit code 3; nothing of it runs (its payload would write a file, which must not appear) and the file is not
 * changed. A case auditq wrote opens with every one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UntrustedCaseTest {
    private Path work;
    private Path original;
    private Path marks;
    private List<String> attacks;

    private static Path raw() {
        return ConnectionsSampleTest.sample().resolve("raw");
    }

    @BeforeAll
    void plant() throws Exception {
        work = Files.createTempDirectory("auditq-untrusted-");
        original = work.resolve("case");
        CliRun.of("ingest", raw().toString(), "--db", original.toString()).ok();
        marks = Files.createDirectories(work.resolve("marks"));
        // the attacker's side: a JVM with H2 alone, none of auditq's restrictions
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path planter = Path.of(CasePlanter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", h2 + File.pathSeparator + planter,
                CasePlanter.class.getName(), original + ".mv.db", work.resolve("planted").toString(), marks.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        attacks = output.lines().toList();
        assertThat(attacks).containsExactlyElementsOf(CasePlanter.attacks(marks.toString()).keySet());
        // planting ran some payloads in the attacker's JVM; what counts is what runs in auditq's
        try (Stream<Path> left = Files.list(marks)) {
            for (Path f : left.toList()) {
                Files.delete(f);
            }
        }
        Files.createFile(marks.resolve("armed"));
    }

    @AfterAll
    void clean() throws IOException {
        try (Stream<Path> all = Files.walk(work)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Every command that takes --db, found in the command tree (so a command added later is covered), with what
     * else it needs to run: its arguments before --db CASE.
     */
    static List<List<String>> commandsThatOpenCases() {
        List<List<String>> commands = new ArrayList<>();
        for (CommandLine c : Main.commandLine().getSubcommands().values()) {
            if (c.getCommandSpec().findOption("--db") == null) {
                continue;
            }
            String name = c.getCommandName();
            commands.add(switch (name) {
                case "ingest" -> List.of(name, raw().toString());
                case "export" -> List.of(name, "--table", "events");
                case "sql" -> List.of(name, "SELECT COUNT(*) FROM sources");
                case "tree" -> List.of(name, "29311");
                default -> List.of(name);
            });
        }
        assertThat(commands).extracting(List::getFirst).contains("connections", "ingest", "export", "sources", "users",
                "summary", "exec", "tree", "files", "listeners", "sql", "shell");
        return commands;
    }

    private static CliRun run(List<String> command, Path db) {
        List<String> args = new ArrayList<>(command);
        args.add("--db");
        args.add(db.toString());
        return CliRun.withInput("SELECT COUNT(*) FROM sources;\n", args.toArray(String[]::new));
    }

    private static String sha256(Path f) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRefusesEveryPlantedCaseAndRunsNothingOfIt() {
        List<List<String>> commands = commandsThatOpenCases();
        return attacks.stream().flatMap(attack -> commands.stream().map(command -> DynamicTest.dynamicTest(
                attack + ": " + String.join(" ", command), () -> {
                    Path db = work.resolve("planted").resolve(attack).resolve("case");
                    Path file = Path.of(db + ".mv.db");
                    String before = sha256(file);
                    CliRun r = run(command, db);
                    assertThat(r.code()).as(r.err()).isEqualTo(3);
                    assertThat(r.out()).isEmpty();
                    assertThat(r.err()).matches("auditq: \\Q" + file + "\\E (holds|lacks) [^\n]+: not opened\n");
                    try (Stream<Path> written = Files.list(marks)) {
                        assertThat(written.map(f -> f.getFileName().toString())).containsExactly("armed");
                    }
                    assertThat(sha256(file)).as("the case file is unchanged").isEqualTo(before);
                    try (Stream<Path> beside = Files.list(db.getParent())) {
                        assertThat(beside.map(f -> f.getFileName().toString())).containsExactly("case.mv.db");
                    }
                })));
    }

    @Test
    void theAttacksNameWhatTheyPlanted() {
        String sources = List.of("sources").getFirst();
        assertThat(run(List.of(sources), work.resolve("planted/view-file-write/case")).err())
                .endsWith(" holds a view SOURCES; auditq's cases hold none: not opened\n");
        assertThat(run(List.of(sources), work.resolve("planted/java-source-trigger/case")).err())
                .endsWith(" holds a trigger PWN on EVENTS; auditq's cases hold none: not opened\n");
        assertThat(run(List.of(sources), work.resolve("planted/computed-column/case")).err())
                .contains(" holds a table SOURCES with a column X INTEGER GENERATED ALWAYS AS (FILE_WRITE(");
        assertThat(run(List.of(sources), work.resolve("planted/admin-user/case")).err())
                .endsWith(" holds a user PWN; auditq's cases hold none: not opened\n");
        assertThat(run(List.of(sources), work.resolve("planted/linked-table/case")).err())
                .endsWith(" holds a linked table (another database) PWN; auditq's cases hold none: not opened\n");
    }

    @Test
    void aCaseAuditqWroteOpensWithEveryCommand() throws IOException {
        Path copy = work.resolve("copy/case");
        Files.createDirectories(copy.getParent());
        Files.copy(Path.of(original + ".mv.db"), Path.of(copy + ".mv.db"));
        for (List<String> command : commandsThatOpenCases()) {
            CliRun r = run(command, copy);
            assertThat(r.code()).as(command + ": " + r.err()).isZero();
            assertThat(r.out()).as(command.toString()).isNotEmpty();
        }
    }
}
