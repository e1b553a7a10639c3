package io.auditq.fleet.lake;

import io.auditq.fleet.host.FactQuestion;
import io.auditq.fleet.host.FileReport;
import io.auditq.fleet.host.HostDigests;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.layout.HostDiscovery;
import io.auditq.fleet.layout.HostInput;
import io.auditq.fleet.source.FleetSchema;
import io.auditq.fleet.source.FleetTable;
import io.auditq.fleet.source.ReportRows;
import io.auditq.fleet.source.ScanOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.posexplode;

/**
 * Logs into a lake, host by host and idempotently: a host whose files (names and sha256 as stored) are those the
 * lake holds is not read again; a new or changed host is read by the executors, written to a staging directory,
 * and then put in place by renames of whole host directories, so the lake never holds half a host (during the
 * swap a replaced host is briefly absent; after a crash there, the next ingest adds it again). One ingest into a
 * lake at a time.
 */
public final class LakeIngest {
    private static final String STAGING = "_staging";

    /** What became of each host. */
    public record Result(List<String> added, List<String> replaced, List<String> unchanged,
                         Map<String, String> notStored, List<HostReport> read) {
    }

    private LakeIngest() {
    }

    public static Result ingest(SparkSession spark, List<String> roots, String lakeDir) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path lake = new Path(lakeDir);
        FileSystem fs;
        try {
            fs = lake.getFileSystem(conf);
            if (!Lake.isLake(fs, lake)) {
                throw new HostDiscovery.BadRoot(lakeDir + ": holds other files than a lake's host=… directories; "
                        + "give an empty or new directory, or an existing lake");
            }
            fs.delete(new Path(lake, STAGING), true); // what an ingest that died left behind
        } catch (IOException e) {
            throw new UncheckedIOException(lakeDir + ": " + e.getMessage(), e);
        }
        List<HostInput> hosts = HostDiscovery.discover(roots, conf);
        Map<String, List<FileReport>> stored = storedSources(spark, lakeDir);
        Map<String, List<FileReport>> now = digests(spark, hosts);
        List<String> changed = new ArrayList<>(), unchanged = new ArrayList<>(), added = new ArrayList<>(),
                replaced = new ArrayList<>();
        for (HostInput h : hosts) {
            List<FileReport> before = stored.get(h.host());
            if (before != null && before.equals(now.get(h.host())) && !h.logs().isEmpty()) {
                unchanged.add(h.host());
            } else {
                changed.add(h.host());
            }
        }
        Map<String, String> notStored = new java.util.TreeMap<>();
        List<HostReport> read = new ArrayList<>();
        if (changed.isEmpty()) {
            return new Result(added, replaced, unchanged, notStored, read);
        }
        Dataset<Row> bundle = spark.read().format("auditq").options(ScanOptions.options(roots, FleetTable.STORE,
                FactQuestion.EVERYTHING, true, Set.copyOf(changed))).load().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            for (Row r : bundle.filter(col("kind").equalTo(FleetSchema.Kind.REPORT.column()))
                    .select(col("host"), col("report")).collectAsList()) {
                HostReport report = ReportRows.report(r.getString(0), r.getStruct(1));
                read.add(report);
                if (report.throughCase()) {
                    notStored.put(report.host(), String.join("; ", report.problems()));
                }
            }
            Set<String> good = new TreeSet<>(changed);
            good.removeAll(notStored.keySet());
            if (!good.isEmpty()) {
                Path staging = new Path(new Path(lake, STAGING), UUID.randomUUID().toString());
                write(bundle.filter(col("host").isin(good.toArray())), staging);
                for (String h : good) {
                    (swap(fs, lake, staging, h) ? replaced : added).add(h);
                }
                fs.delete(new Path(lake, STAGING), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(lakeDir + ": " + e.getMessage(), e);
        } finally {
            bundle.unpersist();
        }
        read.sort(java.util.Comparator.comparing(HostReport::host));
        return new Result(added, replaced, unchanged, notStored, read);
    }

    /** The four tables of the hosts in the bundle, each partitioned by host, under the staging directory. */
    private static void write(Dataset<Row> bundle, Path staging) {
        Dataset<Row> attempts = of(bundle, FleetSchema.Kind.ATTEMPT).select(columns("attempt", FleetSchema.ATTEMPT
                .fieldNames()));
        Dataset<Row> reports = of(bundle, FleetSchema.Kind.REPORT);
        Dataset<Row> hosts = reports.select(columns("report", Lake.HOST_COLUMNS.fieldNames()));
        Dataset<Row> sources = reports.select(col("host"), posexplode(col("report.files")).as(new String[] {"ordinal",
                "file"})).select(col("host"), col("ordinal"), col("file.name").as("name"),
                col("file.bytes").as("bytes"), col("file.sha256").as("sha256"));
        Dataset<Row> names = of(bundle, FleetSchema.Kind.NAME).select(columns("name", FleetSchema.NAME.fieldNames()));
        attempts.write().partitionBy("host").parquet(new Path(staging, Lake.CONNECTIONS).toString());
        hosts.write().partitionBy("host").parquet(new Path(staging, Lake.HOSTS).toString());
        sources.write().partitionBy("host").parquet(new Path(staging, Lake.SOURCES).toString());
        names.write().partitionBy("host").parquet(new Path(staging, Lake.ACCOUNT_NAMES).toString());
    }

    private static Dataset<Row> of(Dataset<Row> bundle, FleetSchema.Kind kind) {
        return bundle.filter(col("kind").equalTo(kind.column()));
    }

    private static Column[] columns(String struct, String[] names) {
        List<Column> c = new ArrayList<>();
        c.add(col("host"));
        for (String n : names) {
            c.add(col(struct + "." + n).as(n));
        }
        return c.toArray(Column[]::new);
    }

    /**
     * Gathers the host's tables into one directory inside the staging area, then moves the old host directory out
     * and the new one in. True when a host was replaced.
     */
    private static boolean swap(FileSystem fs, Path lake, Path staging, String host) throws IOException {
        String dir = "host=" + host;
        Path ready = new Path(new Path(staging, "ready"), dir);
        fs.mkdirs(ready);
        for (String table : Lake.TABLES) {
            Path written = new Path(new Path(staging, table), dir);
            if (fs.exists(written)) {
                rename(fs, written, new Path(ready, table));
            }
        }
        Path target = new Path(lake, dir);
        boolean existed = fs.exists(target);
        if (existed) {
            fs.mkdirs(new Path(staging, "replaced"));
            rename(fs, target, new Path(new Path(staging, "replaced"), dir));
        }
        rename(fs, ready, target);
        return existed;
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot move " + from + " to " + to);
        }
    }

    /** The files the lake holds for each host, in read order. */
    private static Map<String, List<FileReport>> storedSources(SparkSession spark, String dir) {
        Map<String, List<Row>> rows = new HashMap<>();
        for (Row r : Lake.table(spark, dir, Lake.SOURCES).collectAsList()) {
            rows.computeIfAbsent(r.getString(0), h -> new ArrayList<>()).add(r);
        }
        Map<String, List<FileReport>> out = new HashMap<>();
        rows.forEach((host, list) -> {
            list.sort(java.util.Comparator.comparingInt(r -> r.getInt(1)));
            out.put(host, list.stream().map(r -> new FileReport(r.getString(2), r.getLong(3), r.getString(4)))
                    .toList());
        });
        return out;
    }

    /** Every host's files' sha256, taken by the executors (reading is the cost; no parsing). */
    private static Map<String, List<FileReport>> digests(SparkSession spark, List<HostInput> hosts) {
        if (hosts.isEmpty()) {
            return Map.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf = jsc.broadcast(
                new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Function<HostInput, Tuple2<String, List<FileReport>>> digest = h -> new Tuple2<>(h.host(),
                new ArrayList<>(HostDigests.of(h, conf.value().value())));
        Map<String, List<FileReport>> out = new HashMap<>();
        for (Tuple2<String, List<FileReport>> t : jsc.parallelize(hosts, Math.max(1, Math.min(hosts.size(),
                jsc.defaultParallelism() * 4))).map(digest).collect()) {
            out.put(t._1(), List.copyOf(t._2()));
        }
        return out;
    }
}
