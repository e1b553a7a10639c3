package io.auditq.cli.sql;

import io.auditq.cli.UserError;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where auditq shell keeps the statements typed: they say what was asked about an incident, so the file is
 * readable by its owner only (0600), in the owner's state directory (XDG), never next to the evidence.
 */
public final class ShellHistory {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private ShellHistory() {
    }

    /**
     * The history file when none is named: $AUDITQ_HISTORY, else $XDG_STATE_HOME/auditq/history (when absolute, as
     * the XDG spec asks), else $HOME/.local/state/auditq/history ($HOME as the environment says, falling back to
     * the account's home).
     */
    public static Path defaultFile(Map<String, String> env, String accountHome) {
        String named = env.get("AUDITQ_HISTORY");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && Path.of(state).isAbsolute()) {
            return Path.of(state, "auditq", "history");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : accountHome, ".local", "state", "auditq", "history");
    }

    /**
     * Makes {@code file} ready before the shell writes to it: a missing file is created readable by its owner only
     * (JLine appends to it, and rewrites it through an owner-only temporary file, so it stays so), and missing
     * directories above it owner-only too. {@code tighten}: an existing file is made owner-only as well (the
     * default file, which is auditq's; a file the user named keeps the mode the user gave it).
     */
    public static void prepare(Path file, boolean tighten) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, OWNER_DIR);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } catch (FileAlreadyExistsException e) {
                if (tighten) {
                    Files.setPosixFilePermissions(file, OWNER_FILE);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserError("cannot keep the shell's history in " + file + ": " + e.getMessage()
                    + " (--history FILE puts it elsewhere, --no-history keeps none)");
        }
    }
}
