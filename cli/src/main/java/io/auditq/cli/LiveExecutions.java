package io.auditq.cli;

import io.auditq.query.export.CsvStyle;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.Times;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.query.ask.Execution;

import java.util.List;

/** {@code auditq exec --live}: each execve/execveat printed as the kernel reports it, with exec's columns. */
public final class LiveExecutions {
    private LiveExecutions() {
    }

    public static void run(LiveOptions live, ConnectionsCommand.Format format, List<Column<Execution>> columns,
                           AccountNames names, Times times, CsvStyle csvStyle) {
        EventNormalizer normalizer = new EventNormalizer(names);
        LiveRows.run(live, format, columns, times, csvStyle, ev -> {
            NormalizedEvent e = normalizer.normalize(ev);
            return "execve".equals(e.syscall()) || "execveat".equals(e.syscall()) ? of(e) : null;
        }, x -> String.format("%s pid=%s ppid=%s %s/%s %s %s%n", times.format(x.time()), x.pid(), x.ppid(),
                x.user() != null ? x.user() : x.uid(),
                x.loginUser() != null ? x.loginUser() : x.auid() == null ? "-" : x.auid(), x.outcome(),
                x.argv() != null ? String.join(" ", x.argv()) : x.exe()));
    }

    static Execution of(NormalizedEvent e) {
        String path = e.paths() == null || e.paths().isEmpty() ? null : e.paths().getFirst().name();
        return new Execution(e.timeMillis(), e.pid(), e.ppid(), e.exe(), e.argv(), e.cwd(), e.uid(), e.user(),
                e.auid(), e.loginUser(), e.ses(), e.success(), e.errno(), e.comm(), e.node(), path, e.tty(),
                e.keys() == null ? null : String.join(",", e.keys()), e.origin());
    }
}
