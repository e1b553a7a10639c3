package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.ReadReport;
import io.auditq.cli.out.EventJson;
import io.auditq.cli.out.EventTable;
import io.auditq.cli.out.Json;
import io.auditq.cli.out.Times;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.EventNormalizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** auditq events: every event of the input, normalized, one per line. */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = "Print every event, normalized: syscall names, socket addresses, argv, names.")
public final class EventsCommand implements Callable<Integer> {
    public enum Format { jsonl, table }

    @Mixin
    InputOptions input;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or table")
    Format format;

    @Option(names = "--tz", paramLabel = "ZONE", description = "print times in this zone (e.g. Europe/Vienna) instead of UTC")
    ZoneId tz;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AuditLogReader reader = input.reader();
        // names other records give are learned over the whole input first: no event's name depends on read order
        EventNormalizer normalizer = new EventNormalizer(input.names().withLearned(reader.learnNamesFirst()));
        Times times = new Times(tz);
        Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        AuditLogReader.Summary summary;
        if (format == Format.jsonl) {
            Json json = new Json(w);
            summary = reader.read(ev -> {
                EventJson.write(json, normalizer.normalize(ev), times::format);
                json.newline();
            }, null);
        } else {
            EventTable table = new EventTable(w, times);
            summary = reader.read(ev -> table.row(normalizer.normalize(ev)), null);
        }
        w.flush();
        ReadReport.print(summary, new PrintWriter(System.err, true));
        // what could be read was printed, but an input that ended early must not look like a complete answer
        return summary.readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
    }
}
