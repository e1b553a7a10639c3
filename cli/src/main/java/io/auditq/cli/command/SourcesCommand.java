package io.auditq.cli.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.cli.out.TablePrinter.TableColumn;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.CaseSource;
import io.auditq.query.schema.CaseDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq sources: what a case was computed from, file by file, with each file's sha256. */
@Command(name = "sources", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"List the inputs of a case database: path, size and sha256 of the file as stored (what "
                + "sha256sum prints), which part of it the case holds, lines and events read, first and last event "
                + "time, when it was ingested, and whether it was read whole.",
                "A report can name exactly the evidence it was computed from; sha256sum FILE checks a copy."},
        footer = {"%nState: complete; read-error (reading stopped early: rows up to the error are in the case); "
                + "interrupted (an ingest died while reading it: the next ingest removes its rows).",
                "Format: table when standard output is a terminal, csv when it is a pipe or a file."})
public final class SourcesCommand implements Callable<Integer> {
    public enum Format { table, csv, json, jsonl }

    @Option(names = "--db", paramLabel = "CASE", required = true, description = "the case database (CASE.mv.db)")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, csv, json or jsonl (default: table on a terminal, csv otherwise)")
    Format format;

    @Option(names = "--tz", paramLabel = "ZONE", description = "print times in this zone instead of UTC")
    ZoneId tz;

    @Mixin
    CsvOptions csvOptions;

    @Override
    public Integer call() throws IOException {
        List<CaseSource> sources;
        try (CaseDatabase c = CaseDatabase.openReadOnly(db)) {
            sources = CaseSource.all(c.dsl());
        }
        Times times = new Times(tz);
        Format fmt = format != null ? format : ConnectionsCommand.isTerminal() ? Format.table : Format.csv;
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        RowPrinter<CaseSource> printer = switch (fmt) {
            case table -> new TablePrinter<>(out, table(times), s -> below(s, times), TablePrinter.terminalWidth());
            case csv -> new CsvPrinter<>(out, columns(), times, csvOptions.style());
            case json -> JsonPrinter.array(out, columns(), times);
            case jsonl -> JsonPrinter.lines(out, columns(), times);
        };
        for (CaseSource s : sources) {
            printer.row(s);
        }
        printer.finish();
        out.flush();
        return 0;
    }

    /** CSV and JSON: every fact the case keeps of a source. */
    static List<Column<CaseSource>> columns() {
        return List.of(
                Column.of("id", CaseSource::id),
                Column.of("name", CaseSource::name),
                Column.of("path", CaseSource::path),
                Column.of("size", CaseSource::size),
                Column.of("sha256", CaseSource::sha256),
                Column.of("gzip", CaseSource::gzip),
                Column.of("content_size", CaseSource::contentSize),
                Column.of("content_sha256", CaseSource::contentSha256),
                Column.of("continues_source", CaseSource::continuesSource),
                Column.of("ingested_offset", CaseSource::ingestedOffset),
                Column.of("ingested_size", CaseSource::ingestedSize),
                Column.of("ingested_sha256", CaseSource::ingestedSha256),
                Column.of("first_line", CaseSource::firstLine),
                Column.of("lines", CaseSource::lines),
                Column.of("events", CaseSource::events),
                Column.of("events_known", CaseSource::eventsKnown),
                Column.of("malformed", CaseSource::malformed),
                Column.of("first_event", s -> instant(s.firstTimeMs())),
                Column.of("last_event", s -> instant(s.lastTimeMs())),
                Column.time("ingested_at", CaseSource::ingestedAtMs),
                Column.of("state", s -> s.state().label()));
    }

    private static List<TableColumn<CaseSource>> table(Times times) {
        return List.of(
                TableColumn.right("ID", s -> Integer.toString(s.id())),
                TableColumn.right("LINES", s -> s.lines() == null ? "?" : s.lines().toString()),
                TableColumn.right("EVENTS", s -> s.events() == null ? "?" : s.events().toString()),
                TableColumn.left("FIRST EVENT", s -> s.firstTimeMs() == null ? "-" : times.format(s.firstTimeMs())),
                TableColumn.left("LAST EVENT", s -> s.lastTimeMs() == null ? "-" : times.format(s.lastTimeMs())),
                TableColumn.left("STATE", s -> s.state().label()),
                TableColumn.shrinking("PATH", s -> s.path() != null ? s.path() : s.name()));
    }

    /** Under each row: the identity a sha256sum can check, and which part of the file the case holds. */
    private static List<String> below(CaseSource s, Times times) {
        List<String> lines = new ArrayList<>();
        lines.add("sha256 " + (s.sha256() == null ? "unknown (not read to its end)" : s.sha256())
                + (s.size() == null ? "" : ", " + s.size() + " bytes") + (s.gzip() ? ", gzip" : ""));
        if (s.gzip() && s.contentSha256() != null) {
            lines.add("content sha256 " + s.contentSha256() + ", " + s.contentSize() + " bytes");
        }
        if (s.continuesSource() != null) {
            lines.add("continues source " + s.continuesSource() + ": the case held its first " + s.ingestedOffset()
                    + " bytes; read from line " + s.firstLine()
                    + (s.ingestedSha256() == null ? "" : " (those bytes' sha256 " + s.ingestedSha256() + ")"));
        }
        lines.add("ingested " + times.format(s.ingestedAtMs()) + " (the analyst's clock)"
                + (s.malformed() != null && s.malformed() > 0 ? "; " + s.malformed() + " malformed lines" : "")
                + (s.eventsKnown() != null && s.eventsKnown() > 0 ? "; " + s.eventsKnown() + " events already in the case" : ""));
        return lines;
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
