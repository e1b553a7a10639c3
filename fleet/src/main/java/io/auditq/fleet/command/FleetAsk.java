package io.auditq.fleet.command;

import io.auditq.cli.ConnectionFilterOptions;
import io.auditq.cli.ExitCode;
import io.auditq.cli.TimeOptions;
import io.auditq.cli.out.Terminal;
import io.auditq.cli.out.Times;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.host.HostTally;
import io.auditq.fleet.run.FleetRun;
import io.auditq.fleet.run.FleetSession;
import io.auditq.fleet.run.HostStatus;
import org.apache.spark.sql.SparkSession;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every fleet question does around its own output: starts Spark, asks the fleet once, says which "now" it
 * used, and afterwards names on stderr every host that could not answer in full; the exit status is then 3.
 */
final class FleetAsk {
    final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    final Times times;
    final FleetRun.Asked asked;
    final SparkSession spark;

    private FleetAsk(SparkSession spark, FleetRun.Asked asked, Times times) {
        this.spark = spark;
        this.asked = asked;
        this.times = times;
    }

    static FleetAsk ask(FleetOptions fleet, TimeOptions time, ConnectionFilterOptions which, FleetRun.Need need) {
        var evidence = fleet.evidence();
        var protocols = which.protocols();
        SparkSession spark = FleetSession.start(FleetSession.master(fleet.master));
        FleetAsk a = new FleetAsk(spark, FleetRun.ask(spark, evidence, time, protocols, which.includeLoopback,
                need == FleetRun.Need.REPORTS, need), time.times());
        if (time.needsLogEnd()) {
            a.err.println("auditq: --now log-end: " + (a.asked.logEnd() == null ? "no event in the fleet: the clock"
                    : a.times.format(a.asked.logEnd()) + " (the newest event of the fleet)"));
        }
        return a;
    }

    List<HostReport> reports() {
        return asked.reports();
    }

    HostStatus status(HostReport r) {
        return HostStatus.of(r, asked.window(), times::format);
    }

    /** The notes after an answer, the hosts it lacks, and the exit status. */
    int finish() {
        int incomplete = 0;
        for (HostReport r : reports()) {
            HostStatus s = status(r);
            if (s.incomplete()) {
                incomplete++;
                err.println("auditq: incomplete: " + Terminal.safe(s.note()));
            } else if (r.names().equals("none") && r.records() > 0) {
                err.println("auditq: note: " + Terminal.safe(r.host()) + ": no passwd beside its logs: uids stay "
                        + "numbers unless its log names them (ENRICHED)");
            }
        }
        hidden();
        if (incomplete > 0) {
            err.println("auditq: the answer is incomplete: " + incomplete + " of " + reports().size() + " host"
                    + (reports().size() == 1 ? "" : "s") + " could not answer in full (named above); the others are "
                    + "answered");
        }
        err.flush();
        asked.close();
        return incomplete > 0 ? ExitCode.INPUT : ExitCode.OK;
    }

    /** What the hosts' filters left out, summed over the fleet. */
    private void hidden() {
        long loop = 0, loopHosts = 0;
        Map<String, long[]> byProtocol = new TreeMap<>();
        for (HostReport r : reports()) {
            HostTally t = r.tally();
            if (t == null) {
                continue;
            }
            if (t.loopbackAttempts() > 0) {
                loop += t.loopbackAttempts();
                loopHosts++;
            }
            t.hiddenAttempts().forEach((p, n) -> {
                long[] v = byProtocol.computeIfAbsent(p, x -> new long[2]);
                v[0] += n;
                v[1]++;
            });
        }
        if (loop > 0) {
            err.println("auditq: note: not shown: " + loop + " attempt" + (loop == 1 ? "" : "s") + " to loopback "
                    + "destinations on " + loopHosts + " host" + (loopHosts == 1 ? "" : "s")
                    + " (--include-loopback shows them)");
        }
        byProtocol.forEach((p, v) -> err.println("auditq: note: not shown: " + v[0] + " " + p + " attempt"
                + (v[0] == 1 ? "" : "s") + " on " + v[1] + " host" + (v[1] == 1 ? "" : "s") + " (--protocol " + p
                + " or any)"));
    }
}
