package io.auditq.fleet.lake;

import io.auditq.fleet.source.FleetSchema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A fleet's lake: plain Parquet, one directory per host ({@code LAKE/host=<name>/<table>/part-*.parquet}), so that
 * a host is replaced by one rename and a reader never sees half of one. Every engine that reads Hive-style
 * partitions reads it with {@code host} as a column (Spark with basePath=LAKE, DuckDB with hive_partitioning).
 */
public final class Lake {
    /** Every connection attempt: the case database's connections columns (argv and source inline). */
    public static final String CONNECTIONS = "connections";
    /** One row per host: what reading it found. */
    public static final String HOSTS = "hosts";
    /** One row per file: name, size, sha256 (what makes re-ingesting an unchanged host a no-op). */
    public static final String SOURCES = "sources";
    /** The names a host's answers give the ids its attempts left unnamed (from its own passwd and log). */
    public static final String ACCOUNT_NAMES = "account_names";
    public static final List<String> TABLES = List.of(CONNECTIONS, HOSTS, SOURCES, ACCOUNT_NAMES);

    /** The hosts table's columns: the report less the answer's tally (a lake holds no answer). */
    public static final StructType HOST_COLUMNS = new StructType(Arrays.stream(FleetSchema.REPORT.fields())
            .filter(f -> !f.name().equals("tally")).toArray(StructField[]::new));
    public static final StructType SOURCE_COLUMNS = new StructType()
            .add("ordinal", DataTypes.IntegerType, false).add("name", DataTypes.StringType, false)
            .add("bytes", DataTypes.LongType, false).add("sha256", DataTypes.StringType, true);

    private Lake() {
    }

    /** A table's columns, with host first. */
    public static StructType schema(String table) {
        return FleetSchema.table(switch (table) {
            case CONNECTIONS -> FleetSchema.ATTEMPT;
            case HOSTS -> HOST_COLUMNS;
            case SOURCES -> SOURCE_COLUMNS;
            case ACCOUNT_NAMES -> FleetSchema.NAME;
            default -> throw new IllegalArgumentException("no lake table " + table);
        });
    }

    /** One of the lake's tables across all its hosts (empty when the lake holds no host yet). */
    public static Dataset<Row> table(SparkSession spark, String dir, String table) {
        StructType schema = schema(table);
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] found = fs.globStatus(new Path(root, "host=*/" + table));
            if (found == null || found.length == 0) {
                return spark.createDataFrame(List.of(), schema);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the lake: " + e.getMessage(), e);
        }
        // the schema is given, so host is text whatever the names look like ("1234" is not a number here)
        Dataset<Row> d = spark.read().schema(schema).option("basePath", dir).parquet(dir + "/host=*/" + table);
        return d.select(Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
    }

    /** Whether DIR looks like a lake (or is empty/absent, which a first ingest makes one). */
    static boolean isLake(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return true;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (!n.startsWith("host=") && !n.startsWith("_") && !n.startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
