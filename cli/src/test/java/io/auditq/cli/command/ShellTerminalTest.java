package io.auditq.cli.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * auditq shell at a real terminal (JLine), driven through tmux: typing a statement over two lines, completing
 * with Tab, and leaving. Skipped where tmux is not installed (apt-get install tmux).
 */
class ShellTerminalTest {
    @TempDir
    Path tmp;

    private final String session = "auditq-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void typesAMultiLineStatementCompletesATableNameAndQuits() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Path db = tmp.resolve("case");
        CliRun.of("ingest", ConnectionsSampleTest.sample().resolve("raw").toString(), "--db", db.toString()).ok();
        Path history = tmp.resolve("history");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", quote(java), "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                "-cp", quote(System.getProperty("java.class.path")), "io.auditq.cli.Main", "shell", "--db",
                quote(db.toString()), "--history", quote(history.toString()), "; echo EXIT=$?; sleep 30");
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command);
        try {
            await("(read-only)");
            type("SELECT dst_addr, SUM(attempts) AS n");
            tmux("send-keys", "-t", session, "Enter");
            await("...>");
            type("FROM connection_m"); // "connection" alone is also the connections table
            tmux("send-keys", "-t", session, "Tab");
            await("FROM connection_minutes");
            type("WHERE NOT loopback GROUP BY dst_addr ORDER BY n DESC"); // completion added the space
            tmux("send-keys", "-t", session, "-l", "\\;");
            tmux("send-keys", "-t", session, "Enter");
            String screen = await("(3 rows)");
            assertThat(screen).containsPattern("(?m)^203\\.0\\.113\\.66 16$").containsPattern("(?m)^192\\.0\\.2\\.10    1$");
            type(".quit");
            tmux("send-keys", "-t", session, "Enter");
            assertThat(await("EXIT=")).contains("EXIT=0");
            assertThat(Files.readString(history)).contains("FROM connection_minutes WHERE NOT loopback").contains(".quit");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void completesFromTheLiveSchemaAndKeepsTheHistoryInTheOwnersStateDirectory() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Path db = tmp.resolve("case");
        CliRun.of("ingest", ConnectionsSampleTest.sample().resolve("raw").toString(), "--db", db.toString()).ok();
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", "env", "-u", "XDG_STATE_HOME", "-u", "AUDITQ_HISTORY",
                "HOME=" + quote(home.toString()), quote(java), "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                "-cp", quote(System.getProperty("java.class.path")), "io.auditq.cli.Main", "shell", "--db",
                quote(db.toString()), "; echo EXIT=$?; sleep 30");
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", command);
        try {
            await("(read-only)");
            type("SELECT * FROM connect");
            tmux("send-keys", "-t", session, "Tab");
            tmux("send-keys", "-t", session, "Tab");
            // the candidates are tables; sources.connect_events, a column, is not one
            String screen = await("connection_minutes");
            assertThat(screen).contains("connections").doesNotContain("connect_events");
            tmux("send-keys", "-t", session, "C-u");
            type(".quit");
            tmux("send-keys", "-t", session, "Enter");
            assertThat(await("EXIT=")).contains("EXIT=0");
            Path history = home.resolve(".local/state/auditq/history");
            assertThat(Files.readString(history)).contains(".quit");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history)))
                    .isEqualTo("rw-------");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", text);
    }

    /** The screen, once it shows {@code text}; fails after a minute (a slow machine is not a failure before that). */
    private String await(String text) throws IOException, InterruptedException {
        String screen = "";
        for (int i = 0; i < 600; i++) {
            screen = tmux("capture-pane", "-t", session, "-p");
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed " + text + "; it shows:\n" + screen);
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tmux " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
