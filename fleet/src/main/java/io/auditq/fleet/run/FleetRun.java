package io.auditq.fleet.run;

import io.auditq.cli.TimeOptions;
import io.auditq.fleet.host.FactQuestion;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.layout.HostDiscovery;
import io.auditq.fleet.lake.LakeAnswer;
import io.auditq.fleet.source.FleetSchema;
import io.auditq.fleet.source.FleetTable;
import io.auditq.fleet.source.ReportRows;
import io.auditq.fleet.source.ScanOptions;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.connect.Protocol;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

/**
 * Asks the fleet the connections question once: each host read once by the executors (its rows and its report in
 * one bundle, kept by Spark for the command's several looks at it). "now" is fixed for the whole fleet first:
 * with --now log-end it is the newest event of all hosts, estimated from the logs' tails (or the lake's hosts) and
 * confirmed by the read, which is asked again with the true end in the rare fleet where the two differ.
 */
public final class FleetRun {
    private FleetRun() {
    }

    /**
     * The answer: the bundle (rows of kind connection and report, persisted), each host's report sorted by host, the
     * window used, and the fleet's newest event.
     */
    public record Asked(Dataset<Row> bundle, List<HostReport> reports, TimeWindow window, Long logEnd)
            implements AutoCloseable {
        /** The connections rows: host, then the single-host columns, in host then listing order. */
        public Dataset<Row> connections() {
            return bundle.filter(col("kind").equalTo(FleetSchema.Kind.CONNECTION.column()))
                    .orderBy(col("host"), col("seq")).select(col("host"), col("connection.*"));
        }

        @Override
        public void close() {
            bundle.unpersist();
        }
    }

    /** What a command looks at of each host's answer; Spark keeps only that between its looks. */
    public enum Need {
        /** every column of every row (connections) */
        ROWS,
        /** the destination columns of the rows (destinations): a few narrow columns instead of two dozen */
        DESTINATIONS,
        /** the hosts' reports alone (hosts) */
        REPORTS
    }

    public static Asked ask(SparkSession spark, Evidence evidence, TimeOptions time, Set<Protocol> protocols,
                            boolean includeLoopback, boolean digests, Need need) {
        Long estimate = null;
        if (time.needsLogEnd()) {
            estimate = switch (evidence) {
                case Evidence.Logs l -> LogTails.newest(HostDiscovery.discover(l.roots(),
                        spark.sparkContext().hadoopConfiguration()), spark.sparkContext().hadoopConfiguration());
                case Evidence.Lake l -> LakeAnswer.newest(spark, l.dir());
            };
        }
        for (int pass = 0; ; pass++) {
            TimeWindow window = time.window(estimate);
            FactQuestion q = new FactQuestion(window.since(), window.until(), protocols, includeLoopback);
            Dataset<Row> bundle = switch (evidence) {
                case Evidence.Logs l -> spark.read().format("auditq")
                        .options(ScanOptions.options(l.roots(), FleetTable.ANSWER, q, digests, null)).load();
                case Evidence.Lake l -> LakeAnswer.answer(spark, l.dir(), q);
            };
            bundle = keep(fewerTasks(spark, bundle), need).persist(StorageLevel.MEMORY_AND_DISK());
            List<HostReport> reports = reports(bundle);
            Long newest = reports.stream().map(HostReport::lastEvent).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            if (time.needsLogEnd() && !Objects.equals(newest, estimate) && pass == 0) {
                bundle.unpersist();
                estimate = newest;
                continue;
            }
            return new Asked(bundle, reports, window, newest);
        }
    }

    /**
     * Many small hosts: each stays one partition of the read (never split), but consecutive hosts share a task
     * (Spark's coalesce, no shuffle; the scan deals hosts by size so each task gets big and small), so a thousand
     * hosts are not a thousand tasks per stage: measured on 1,000 hosts of 1 MB, 103 s of CPU became 66 s (bench/
     * README.md). A task reads its hosts one after the other. -Dauditq.fleet.hostsPerTask=1 turns it off.
     */
    private static Dataset<Row> fewerTasks(SparkSession spark, Dataset<Row> bundle) {
        int perTask = Integer.getInteger("auditq.fleet.hostsPerTask", 0);
        int partitions = bundle.rdd().getNumPartitions();
        int tasks = perTask > 0 ? Math.max(1, partitions / perTask)
                : io.auditq.fleet.source.HostScan.tasks(spark.sparkContext().defaultParallelism());
        return partitions > tasks ? bundle.coalesce(tasks) : bundle;
    }

    private static Dataset<Row> keep(Dataset<Row> bundle, Need need) {
        return switch (need) {
            case ROWS -> bundle;
            case DESTINATIONS -> bundle.select(col("host"), col("kind"), col("seq"), struct(
                    col("connection.dst_addr").as("dst_addr"), col("connection.dst_port").as("dst_port"),
                    col("connection.protocol").as("protocol"), col("connection.count").as("count"),
                    col("connection.first_seen").as("first_seen"), col("connection.last_seen").as("last_seen"))
                    .as("connection"), col("report"));
            case REPORTS -> bundle.filter(col("kind").equalTo(FleetSchema.Kind.REPORT.column()));
        };
    }

    private static List<HostReport> reports(Dataset<Row> bundle) {
        List<HostReport> out = new ArrayList<>();
        for (Row r : bundle.filter(col("kind").equalTo(FleetSchema.Kind.REPORT.column()))
                .select(col("host"), col("report")).collectAsList()) {
            out.add(ReportRows.report(r.getString(0), r.getStruct(1)));
        }
        out.sort(Comparator.comparing(HostReport::host));
        return out;
    }
}
