package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.UserError;
import io.auditq.query.export.TableExport;
import io.auditq.query.schema.CaseDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** auditq export: any table of a case database, whole, as CSV. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Write a table of the case database as CSV (RFC 4180, one header line).",
                "Each *_ms column (epoch milliseconds) is followed by the same time as ISO-8601; argv is one "
                        + "shell-quoted cell; text a spreadsheet would run as a formula starts with ' (--csv-raw: as the evidence has it)."})
public final class ExportCommand implements Callable<Integer> {
    public enum Format { csv }

    @Option(names = "--db", paramLabel = "CASE", required = true, description = "the case database (CASE.mv.db)")
    Path db;

    @Option(names = "--table", paramLabel = "TABLE", required = true,
            description = "the table: sources, events, executions, processes, sockets, connections, file_accesses, "
                    + "logins, open_sockets, meta")
    String table;

    @Option(names = "--format", defaultValue = "csv", description = "csv (the default and only format)")
    Format format;

    @Mixin
    CsvOptions csvOptions;

    @Option(names = "--tz", paramLabel = "ZONE", description = "print the ISO times in this zone instead of UTC")
    ZoneId tz;

    @Override
    public Integer call() throws Exception {
        var t = TableExport.table(table);
        if (t == null) {
            throw new UserError("--table: no table '" + table + "'; the tables are "
                    + String.join(", ", TableExport.tableNames()));
        }
        try (CaseDatabase c = CaseDatabase.openReadOnly(db)) {
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            new TableExport(c.dsl()).csv(t, out, TableExport.isoTimes(tz), csvOptions.style());
            out.flush();
        }
        return 0;
    }
}
