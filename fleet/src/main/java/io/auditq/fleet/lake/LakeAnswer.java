package io.auditq.fleet.lake;

import io.auditq.fleet.host.AccountName;
import io.auditq.fleet.host.FactQuestion;
import io.auditq.fleet.host.HostFacts;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.source.FactRows;
import io.auditq.fleet.source.FleetSchema;
import io.auditq.fleet.source.FleetTable;
import io.auditq.fleet.source.ReportRows;
import io.auditq.fleet.source.Values;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

/**
 * The connections question answered from a lake: each host's stored attempts, in log order, go through the same
 * tally as a read of its logs (with the window applied by Parquet first, which the tally would skip anyway), so
 * the answer is the one the logs give. The output has the shape of the logs' answer bundle.
 */
public final class LakeAnswer {
    private LakeAnswer() {
    }

    /** The newest event of the lake's hosts (--now log-end), or null when it holds none. */
    public static Long newest(SparkSession spark, String dir) {
        Row r = Lake.table(spark, dir, Lake.HOSTS).agg(max(col("last_time_ms"))).first();
        return r.isNullAt(0) ? null : r.getLong(0);
    }

    /** Per host: its stored report and names (small: broadcast to the executors). */
    record Stored(Map<String, HostReport> reports, Map<String, List<AccountName>> names) implements Serializable {
    }

    public static Dataset<Row> answer(SparkSession spark, String dir, FactQuestion q) {
        Map<String, HostReport> reports = new HashMap<>();
        for (Row r : Lake.table(spark, dir, Lake.HOSTS).collectAsList()) {
            Object[] v = new Object[FleetSchema.REPORT.size()];
            for (int i = 0; i < v.length - 1; i++) {
                v[i] = r.get(i + 1);
            }
            reports.put(r.getString(0), ReportRows.report(r.getString(0), org.apache.spark.sql.RowFactory.create(v)));
        }
        Map<String, List<AccountName>> names = new HashMap<>();
        for (Row r : Lake.table(spark, dir, Lake.ACCOUNT_NAMES).collectAsList()) {
            names.computeIfAbsent(r.getString(0), h -> new ArrayList<>()).add(
                    new AccountName(r.getString(1), r.getLong(2), r.getString(3)));
        }
        Broadcast<Stored> stored = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new Stored(reports, names));

        Dataset<Row> attempts = Lake.table(spark, dir, Lake.CONNECTIONS);
        if (q.since() != null) {
            attempts = attempts.filter(col("time_ms").geq(q.since()));
        }
        if (q.until() != null) {
            attempts = attempts.filter(col("time_ms").leq(q.until()));
        }
        Column[] attemptColumns = java.util.Arrays.stream(FleetSchema.ATTEMPT.fieldNames()).map(c -> col(c))
                .toArray(Column[]::new);
        Dataset<Row> grouped = attempts.select(col("host"), col("seq"), struct(attemptColumns).as("a"));
        // one empty marker per host, so a host without attempts in the window still answers (with nothing)
        List<Row> markers = reports.keySet().stream().map(h -> org.apache.spark.sql.RowFactory.create(h, -1L, null))
                .toList();
        org.apache.spark.sql.types.StructType markerSchema = new org.apache.spark.sql.types.StructType()
                .add("host", org.apache.spark.sql.types.DataTypes.StringType, false)
                .add("seq", org.apache.spark.sql.types.DataTypes.LongType, false)
                .add("a", grouped.schema().apply("a").dataType(), true);
        grouped = grouped.unionByName(spark.createDataFrame(markers, markerSchema));
        return grouped.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapSortedGroups(new Column[] {col("seq")}, new Tally(stored, q),
                        Encoders.row(FleetTable.ANSWER.schema()));
    }

    /** One host's group of stored attempts (sorted by seq) to its answer rows and report. */
    private record Tally(Broadcast<Stored> stored, FactQuestion q) implements FlatMapGroupsFunction<String, Row, Row> {
        @Override
        public Iterator<Row> call(String host, Iterator<Row> rows) {
            Stored s = stored.value();
            Iterator<ConnectionAttempt> attempts = new Iterator<>() {
                private Row next = advance();

                private Row advance() {
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        if (!r.isNullAt(2)) {
                            return r.getStruct(2);
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public ConnectionAttempt next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    ConnectionAttempt a = FactRows.attempt(next);
                    next = advance();
                    return a;
                }
            };
            HostFacts.Answered a = HostFacts.tally(s.reports().get(host), attempts,
                    s.names().getOrDefault(host, List.of()), q);
            Iterator<OutboundConnection> answer = a.rows();
            return new Iterator<>() {
                private long seq;
                private boolean reported;

                @Override
                public boolean hasNext() {
                    if (answer.hasNext() || !reported) {
                        return true;
                    }
                    a.close();
                    return false;
                }

                @Override
                public Row next() {
                    if (answer.hasNext()) {
                        return Values.external(new Object[] {host, FleetSchema.Kind.CONNECTION.column(), seq++,
                                FactRows.connection(answer.next()), null});
                    }
                    if (reported) {
                        throw new NoSuchElementException();
                    }
                    reported = true;
                    return Values.external(new Object[] {host, FleetSchema.Kind.REPORT.column(), seq++, null,
                            ReportRows.report(a.report())});
                }
            };
        }
    }

}
