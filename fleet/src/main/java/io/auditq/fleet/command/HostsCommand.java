package io.auditq.fleet.command;

import io.auditq.cli.ConnectionFilterOptions;
import io.auditq.cli.CsvOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.RowPrinter;
import io.auditq.fleet.host.FileReport;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.run.HostStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** auditq fleet hosts: what each host's evidence is, and whether it can answer the window. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"One row per host: status, whether its log covers the window, its files (sha256 of each as "
                + "stored), bytes, first and last event, events, malformed lines, unique outbound destinations in "
                + "the window, and where its names come from.",
                "status: ok, partly-read, unreadable, no-records, ends-before-window, starts-after-window; every "
                        + "status but ok makes every fleet question's answer incomplete (exit status 3)."})
public final class HostsCommand implements Callable<Integer> {
    @Mixin
    FleetOptions fleet;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csv;

    @Mixin
    ConnectionFilterOptions which;

    /** A host's report with its status for this window. */
    record Host(HostReport report, HostStatus status) {
    }

    static List<Column<Host>> columns() {
        return List.of(
                Column.of("host", h -> h.report().host()),
                Column.of("status", h -> h.status().status()),
                Column.of("covers", h -> h.status().covers()),
                Column.of("files", h -> h.report().files().size()),
                Column.of("bytes", h -> h.report().bytes()),
                Column.of("first_event", h -> time(h.report().firstEvent())),
                Column.of("last_event", h -> time(h.report().lastEvent())),
                Column.of("events", h -> h.report().events()),
                Column.of("malformed", h -> h.report().malformed()),
                Column.of("unique_destinations", h -> h.report().tally() == null ? null
                        : h.report().tally().destinations()),
                Column.of("names", h -> h.report().names()),
                Column.structured("sha256", h -> files(h.report()), h -> sha256(h.report())),
                Column.structured("problems", h -> h.report().problems(),
                        h -> String.join("; ", h.report().problems())));
    }

    @Override
    public Integer call() throws IOException {
        FleetAsk a = FleetAsk.ask(fleet, time, which, io.auditq.fleet.run.FleetRun.Need.REPORTS);
        ConnectionsCommand.Format fmt = fleet.format();
        Writer out = FleetPrint.stdout();
        List<Column<Host>> columns = columns();
        RowPrinter<Host> p = fmt == ConnectionsCommand.Format.table
                ? FleetPrint.table(out, columns.subList(0, columns.size() - 2), a.times)
                : FleetPrint.printer(out, fmt, columns, a.times, csv.style());
        for (HostReport r : a.reports()) {
            p.row(new Host(r, a.status(r)));
        }
        p.finish();
        out.flush();
        return a.finish();
    }

    private static Instant time(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static List<Map<String, Object>> files(HostReport r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FileReport f : r.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("bytes", f.bytes());
            m.put("sha256", f.sha256());
            out.add(m);
        }
        return out;
    }

    /** name=sha256 for each file, ; between them (the file's last path element). */
    private static String sha256(HostReport r) {
        List<String> parts = new ArrayList<>();
        for (FileReport f : r.files()) {
            String name = f.name().substring(f.name().lastIndexOf('/') + 1);
            parts.add(name + "=" + (f.sha256() == null ? "unread" : f.sha256()));
        }
        return String.join(";", parts);
    }
}
