package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.sql.QueryableCase;
import io.auditq.cli.sql.ShellHistory;
import io.auditq.cli.sql.SqlOutput;
import io.auditq.cli.sql.SqlShell;
import io.auditq.cli.sql.TerminalShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** auditq shell: an interactive, read-only SQL shell on the case database. */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Interactive SQL shell (H2 dialect) on the case database, read-only: results as aligned tables, "
                + "statements ended with ; over as many lines as needed, completion of table and column names (Tab), "
                + "history, and the commands .tables, .describe TABLE, .export FILE (the last result as CSV), .help, .quit.",
                "Without a terminal (standard input piped), statements and commands are read from standard input: "
                        + "auditq shell --db case < questions.sql",
                "Reads the case given with --db, or loads INPUT into memory for this session."},
        footer = {"%nHistory is kept in $XDG_STATE_HOME/auditq/history (default ~/.local/state/auditq/history), "
                + "readable by its owner only, never next to the evidence; --history FILE or AUDITQ_HISTORY puts it "
                + "elsewhere, --no-history keeps none.",
                "Exit code: 0, or 2 when a piped statement failed (each failure is told on stderr with its line), "
                        + "3 when the case or an input cannot be read."})
public final class ShellCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Option(names = "--db", paramLabel = "CASE", description = "query the case database CASE (CASE.mv.db) instead of reading INPUT")
    Path db;

    @Option(names = "--no-history", description = "keep no history of the statements typed")
    boolean noHistory;

    @Option(names = "--history", paramLabel = "FILE",
            description = "the history file (default: ~/.local/state/auditq/history)")
    Path historyFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try (QueryableCase c = QueryableCase.open(db, input, err)) {
            int failures;
            if (ConnectionsCommand.isTerminal()) {
                String where = c.database().isInMemory() ? "the input loaded into memory"
                        : c.database().file().toString();
                failures = TerminalShell.run(c.connection(), history(),
                        "auditq shell on " + where + " (read-only). End statements with ; and .help lists the commands.");
                return c.readExit();
            }
            PrintWriter out = new PrintWriter(SqlOutput.stdout(), false);
            SqlShell shell = new SqlShell(c.connection(), out, err);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!shell.feed(line, ++n)) {
                    break;
                }
            }
            shell.finish();
            failures = shell.failures();
            return failures > 0 ? ExitCode.USAGE : c.readExit();
        }
    }

    /** The history file, ready to be written (owner-only), or null for none. */
    private Path history() {
        if (noHistory) {
            return null;
        }
        Path file = historyFile != null ? historyFile
                : ShellHistory.defaultFile(System.getenv(), System.getProperty("user.home"));
        ShellHistory.prepare(file, historyFile == null && System.getenv("AUDITQ_HISTORY") == null);
        return file;
    }
}
