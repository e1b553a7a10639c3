package io.auditq.cli.command;

import io.auditq.cli.InputOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.sql.QueryableCase;
import io.auditq.cli.sql.SqlOutput;
import io.auditq.cli.sql.SqlRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** auditq sql: one SQL query against the case database, read-only. */
@Command(name = "sql", customSynopsis = "auditq sql [OPTIONS] SQL [--db CASE | INPUT...]",
        mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Run one SQL query (H2 dialect) against the case database and print its rows.",
                "The query only reads the case's tables: statements that would change it, and functions that reach "
                        + "files, other databases or settings (FILE_READ, CSVWRITE, ...), are refused (exit code 2); "
                        + "rows are printed as they are read. Tables and columns: docs/schema.md; what may run: "
                        + "docs/shell.md; interactive use: auditq shell.",
                "Reads the case given with --db, or loads INPUT into memory for this one query."},
        footer = {"%nExample:%n  auditq sql --db case \"SELECT dst_addr, dst_port, COUNT(*) AS n FROM connections "
                + "WHERE NOT loopback GROUP BY dst_addr, dst_port ORDER BY n DESC\"",
                "%nFormat: table when standard output is a terminal, csv when it is a pipe or a file.",
                "Exit codes: 2 for an SQL error or a refused write (one sentence on stderr, with the line and column "
                        + "of a syntax error), 3 when the case or an input cannot be read."})
public final class SqlCommand implements Callable<Integer> {
    @Option(names = {"-q", "--query"}, paramLabel = "SQL",
            description = "the query (default: the first argument, SQL in the synopsis)")
    String query;

    @Mixin
    InputOptions input;

    @Option(names = "--db", paramLabel = "CASE", description = "query the case database CASE (CASE.mv.db) instead of reading INPUT")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, csv, json or jsonl (default: table on a terminal, csv otherwise)")
    SqlOutput.Format format;

    @Override
    public Integer call() {
        String sql = query;
        if (sql == null) {
            if (input.inputs.isEmpty()) {
                throw new UserError("an SQL query is required: auditq sql \"SELECT …\" --db CASE (tables: docs/schema.md)");
            }
            sql = input.inputs.removeFirst();
        }
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        SqlOutput.Format fmt = format != null ? format
                : ConnectionsCommand.isTerminal() ? SqlOutput.Format.table : SqlOutput.Format.csv;
        try (QueryableCase c = QueryableCase.open(db, input, err)) {
            // rows are printed as they are read: the first at once, in constant memory, whatever the result's size
            SqlOutput.query(new SqlRunner(c.connection()), sql, fmt, SqlOutput.stdout());
            return c.readExit();
        }
    }
}
