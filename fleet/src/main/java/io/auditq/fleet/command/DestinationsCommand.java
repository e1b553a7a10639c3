package io.auditq.fleet.command;

import io.auditq.cli.ConnectionFilterOptions;
import io.auditq.cli.CsvOptions;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.RowPrinter;
import io.auditq.fleet.run.Destinations;
import io.auditq.fleet.run.Destinations.Destination;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/** auditq fleet destinations: every destination of the fleet, on how many hosts, rarest first. */
@Command(name = "destinations", mixinStandardHelpOptions = true,
        description = {"One row per destination (address, port, protocol) of the fleet's outbound connections: "
                + "on how many hosts, how many attempts, first and last seen, and which hosts (host_list, ; between "
                + "them). Rarest first: a destination one host of fifty talks to stands out. Exact counts."})
public final class DestinationsCommand implements Callable<Integer> {
    @Mixin
    FleetOptions fleet;

    @Mixin
    TimeOptions time;

    @Mixin
    CsvOptions csv;

    @Mixin
    ConnectionFilterOptions which;

    @Option(names = "--max-hosts", paramLabel = "N", description = "only destinations seen on at most N hosts")
    Integer maxHosts;

    @Option(names = "--sort", paramLabel = "KEY", description = "rare (default: fewest hosts, then fewest attempts), "
            + "hosts (most first), attempts (most first), first_seen, last_seen (latest first), destination")
    Destinations.Sort sort = Destinations.Sort.rare;

    static final List<Column<Destination>> COLUMNS = List.of(
            Column.of("dst_addr", Destination::dstAddr), Column.of("dst_port", Destination::dstPort),
            Column.of("protocol", Destination::protocol), Column.of("hosts", Destination::hosts),
            Column.of("attempts", Destination::attempts), Column.of("first_seen", Destination::firstSeen),
            Column.of("last_seen", Destination::lastSeen), Column.of("host_list", Destination::hostList));

    @Override
    public Integer call() throws IOException {
        if (maxHosts != null && maxHosts < 1) {
            throw new UserError("--max-hosts: give 1 or more");
        }
        FleetAsk a = FleetAsk.ask(fleet, time, which, io.auditq.fleet.run.FleetRun.Need.DESTINATIONS);
        ConnectionsCommand.Format fmt = fleet.format();
        Writer out = FleetPrint.stdout();
        RowPrinter<Destination> p = fmt == ConnectionsCommand.Format.table ? FleetPrint.table(out, COLUMNS, a.times)
                : FleetPrint.printer(out, fmt, COLUMNS, a.times, csv.style());
        var connections = a.asked.bundle().filter(col("kind").equalTo("connection"))
                .select(col("host"), col("connection.*"));
        Iterator<Row> rows = Destinations.of(connections, maxHosts, sort).toLocalIterator();
        long n = 0;
        while (rows.hasNext()) {
            p.row(Destinations.of(rows.next()));
            n++;
        }
        p.finish();
        out.flush();
        a.err.println("auditq: fleet: " + n + " destination" + (n == 1 ? "" : "s")
                + (maxHosts == null ? "" : " seen on at most " + maxHosts + " host" + (maxHosts == 1 ? "" : "s"))
                + ", from " + a.reports().size() + " host" + (a.reports().size() == 1 ? "" : "s"));
        return a.finish();
    }
}
