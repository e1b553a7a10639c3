package io.auditq.cli.sql;

import io.auditq.cli.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the shell keeps its history, and that only its owner can read it. */
class ShellHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void theXdgStateDirectoryUnderHomeAsTheEnvironmentSaysIt() {
        assertThat(ShellHistory.defaultFile(Map.of("HOME", "/home/analyst"), "/root"))
                .isEqualTo(Path.of("/home/analyst/.local/state/auditq/history"));
        assertThat(ShellHistory.defaultFile(Map.of("HOME", "/home/analyst", "XDG_STATE_HOME", "/srv/state"), "/root"))
                .isEqualTo(Path.of("/srv/state/auditq/history"));
        // the XDG spec ignores a relative XDG_STATE_HOME
        assertThat(ShellHistory.defaultFile(Map.of("HOME", "/home/analyst", "XDG_STATE_HOME", "state"), "/root"))
                .isEqualTo(Path.of("/home/analyst/.local/state/auditq/history"));
        assertThat(ShellHistory.defaultFile(Map.of(), "/root")).isEqualTo(Path.of("/root/.local/state/auditq/history"));
        assertThat(ShellHistory.defaultFile(Map.of("AUDITQ_HISTORY", "/tmp/h", "HOME", "/home/analyst"), "/root"))
                .isEqualTo(Path.of("/tmp/h"));
    }

    @Test
    void theFileAndTheDirectoriesAuditqCreatesAreTheOwnersOnly() throws IOException {
        Path file = ShellHistory.defaultFile(Map.of("HOME", tmp.toString()), "/root");
        ShellHistory.prepare(file, true);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve(".local"))).isEqualTo("rwx------");
        // an existing default file, made readable by others, is made the owner's again
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ShellHistory.prepare(file, true);
        assertThat(mode(file)).isEqualTo("rw-------");
        // a file the user named keeps the mode the user gave it
        Path named = Files.createFile(tmp.resolve("mine"));
        Files.setPosixFilePermissions(named, PosixFilePermissions.fromString("rw-r-----"));
        ShellHistory.prepare(named, false);
        assertThat(mode(named)).isEqualTo("rw-r-----");
    }

    @Test
    void aPlaceWhereNoHistoryCanBeKeptIsOneLine() throws IOException {
        Path notADirectory = Files.createFile(tmp.resolve("file"));
        assertThatThrownBy(() -> ShellHistory.prepare(notADirectory.resolve("history"), true))
                .isInstanceOf(UserError.class).hasMessageStartingWith("cannot keep the shell's history in ")
                .hasMessageEndingWith("(--history FILE puts it elsewhere, --no-history keeps none)");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
