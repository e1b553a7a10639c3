package io.auditq.fleet.command;

import io.auditq.cli.ConnectionFilterOptions;
import io.auditq.cli.CsvOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.ConnectionListing;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.TablePrinter;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.source.FactRows;
import io.auditq.query.ask.OutboundConnection;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

/** auditq fleet connections: the single-host connections listing of every host, host first. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = {"Outbound connections of every host: the columns of auditq connections with host first; "
                + "rows by host, then as auditq connections lists them for that host."})
public final class FleetConnectionsCommand implements Callable<Integer> {
    @Mixin
    FleetOptions fleet;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csv;

    @Mixin
    ConnectionFilterOptions which;

    /** One row of the fleet's listing. */
    record HostConnection(String host, OutboundConnection row) {
    }

    @Override
    public Integer call() throws IOException {
        FleetAsk a = FleetAsk.ask(fleet, time, which, io.auditq.fleet.run.FleetRun.Need.ROWS);
        ConnectionsCommand.Format fmt = fleet.format();
        Writer out = FleetPrint.stdout();
        List<Column<HostConnection>> columns = new ArrayList<>();
        columns.add(Column.of("host", HostConnection::host));
        for (Column<OutboundConnection> c : ConnectionListing.columns(false)) {
            columns.add(new Column<>(c.name(), r -> c.value().apply(r.row()),
                    c.text() == null ? null : r -> c.text().apply(r.row())));
        }
        Iterator<Row> rows = a.asked.connections().toLocalIterator();
        if (fmt == ConnectionsCommand.Format.table) {
            List<HostConnection> all = new ArrayList<>();
            rows.forEachRemaining(r -> all.add(of(r)));
            ConnectionListing.Table t = ConnectionListing.table(all.stream().map(HostConnection::row).toList(),
                    a.times);
            List<TablePrinter.TableColumn<HostConnection>> tc = new ArrayList<>();
            tc.add(TablePrinter.TableColumn.left("HOST", HostConnection::host));
            for (TablePrinter.TableColumn<OutboundConnection> c : t.columns()) {
                tc.add(new TablePrinter.TableColumn<>(c.header(), r -> c.text().apply(r.row()), c.right(),
                        c.shrink()));
            }
            if (t.day() != null) {
                out.write(t.day() + (time.tz == null ? " (UTC)" : " (" + time.tz + ")") + "\n");
            }
            TablePrinter<HostConnection> p = new TablePrinter<>(out, tc, null, TablePrinter.terminalWidth());
            all.forEach(p::row);
            p.finish();
        } else {
            RowPrinter<HostConnection> p = FleetPrint.printer(out, fmt, columns, a.times, csv.style());
            while (rows.hasNext()) {
                p.row(of(rows.next()));
            }
            p.finish();
        }
        out.flush();
        summary(a);
        return a.finish();
    }

    private static HostConnection of(Row r) {
        Object[] v = new Object[r.size() - 1];
        for (int i = 1; i < r.size(); i++) {
            v[i - 1] = r.get(i);
        }
        return new HostConnection(r.getString(0), FactRows.connection(org.apache.spark.sql.RowFactory.create(v)));
    }

    /** The fleet's summary line: distinct destinations across hosts, and the hosts' attempts and rows. */
    private static void summary(FleetAsk a) {
        long attempts = 0, rows = 0, answered = 0;
        for (HostReport r : a.reports()) {
            if (r.tally() != null) {
                attempts += r.tally().attempts();
                rows += r.tally().rows();
                answered += r.records() > 0 ? 1 : 0;
            }
        }
        long destinations = a.asked.connections().agg(countDistinct(col("dst_addr"), col("dst_port"),
                col("protocol"))).first().getLong(0);
        a.err.println("auditq: fleet: " + destinations + " unique outbound destination" + (destinations == 1 ? "" : "s")
                + ", " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ", " + rows + " row" + (rows == 1 ? "" : "s")
                + ", from " + answered + " of " + a.reports().size() + " host" + (a.reports().size() == 1 ? "" : "s"));
    }
}
