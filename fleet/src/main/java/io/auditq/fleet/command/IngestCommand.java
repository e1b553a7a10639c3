package io.auditq.fleet.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.UserError;
import io.auditq.cli.out.Terminal;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.lake.LakeIngest;
import io.auditq.fleet.run.FleetSession;
import io.auditq.fleet.run.HostStatus;
import io.auditq.cli.out.Times;
import io.auditq.query.ask.TimeWindow;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq fleet ingest: the fleet's logs into a Parquet lake, host by host, unchanged hosts skipped. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Reads every host under the ROOTs into the lake DIR (plain Parquet, one directory per host: "
                + "tables connections, hosts, sources, account_names), written by the executors. A host whose files "
                + "(sha256 as stored) are those the lake holds is skipped; a changed host is replaced whole.",
                "The fleet questions then answer from --lake DIR as from the logs; auditq fleet sql queries it."})
public final class IngestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROOT", arity = "1..*", description = "directories of hosts (as for the questions)")
    List<String> roots = new ArrayList<>();

    @Option(names = "--lake", paramLabel = "DIR", required = true, description = "the lake (made when absent)")
    String lake;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
    String master;

    @Override
    public Integer call() {
        if (roots.isEmpty()) {
            throw new UserError("name at least one ROOT");
        }
        SparkSession spark = FleetSession.start(FleetSession.master(master));
        LakeIngest.Result r = LakeIngest.ingest(spark, roots, lake);
        PrintWriter err = new PrintWriter(System.err, true);
        Times times = Times.utc();
        int incomplete = 0;
        for (HostReport h : r.read()) {
            HostStatus s = HostStatus.of(h, TimeWindow.ALL, times::format);
            String fate = r.notStored().containsKey(h.host()) ? "not stored"
                    : r.replaced().contains(h.host()) ? "replaced" : "added";
            err.println("auditq: " + Terminal.safe(h.host()) + ": " + fate + " (" + h.events() + " events, "
                    + h.files().size() + " file" + (h.files().size() == 1 ? "" : "s") + ")");
            if (s.incomplete() || r.notStored().containsKey(h.host())) {
                incomplete++;
                err.println("auditq: incomplete: " + Terminal.safe(s.note() != null ? s.note()
                        : h.host() + ": " + r.notStored().get(h.host())));
            }
        }
        err.println("auditq: lake " + Terminal.safe(lake) + ": " + r.added().size() + " added, " + r.replaced().size()
                + " replaced, " + r.unchanged().size() + " unchanged (same files, same sha256), "
                + r.notStored().size() + " not stored");
        return incomplete > 0 ? ExitCode.INPUT : ExitCode.OK;
    }
}
