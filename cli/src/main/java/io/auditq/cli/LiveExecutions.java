package io.auditq.cli;

import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.CsvPrinter;
import io.auditq.cli.out.JsonPrinter;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.parser.live.LiveEvents;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.query.ask.Execution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code auditq exec --live}: each execve/execveat printed as the kernel reports it, with exec's columns. */
public final class LiveExecutions {
    private LiveExecutions() {
    }

    public static void run(LiveOptions live, ConnectionsCommand.Format format, List<Column<Execution>> columns,
                           AccountNames names, Times times, boolean neutralize) {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        EventNormalizer normalizer = new EventNormalizer(names);
        RowPrinter<Execution> printer = switch (format) {
            case csv -> new CsvPrinter<>(out, columns, times, neutralize);
            case json, jsonl -> JsonPrinter.lines(out, columns, times);
            case table -> null; // one line per execution: a live table cannot wait for column widths
        };
        LiveEvents events = new LiveEvents(ev -> {
            NormalizedEvent e = normalizer.normalize(ev);
            if (!"execve".equals(e.syscall()) && !"execveat".equals(e.syscall())) {
                return;
            }
            Execution x = of(e);
            try {
                if (printer != null) {
                    printer.row(x);
                } else {
                    out.write(Terminal.safe(String.format("%s pid=%s ppid=%s %s/%s %s %s%n", times.format(x.time()),
                            x.pid(), x.ppid(), x.user() != null ? x.user() : x.uid(),
                            x.loginUser() != null ? x.loginUser() : x.auid() == null ? "-" : x.auid(), x.outcome(),
                            x.argv() != null ? String.join(" ", x.argv()) : x.exe())));
                }
                out.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, () -> {
            try {
                out.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        LiveCapture.run(live, events, "standard output", err);
        if (printer != null) {
            printer.finish();
        }
        try {
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Execution of(NormalizedEvent e) {
        String path = e.paths() == null || e.paths().isEmpty() ? null : e.paths().getFirst().name();
        return new Execution(e.timeMillis(), e.pid(), e.ppid(), e.exe(), e.argv(), e.cwd(), e.uid(), e.user(),
                e.auid(), e.loginUser(), e.ses(), e.success(), e.errno(), e.comm(), e.node(), path, e.tty(),
                e.keys() == null ? null : String.join(",", e.keys()), e.origin());
    }
}
