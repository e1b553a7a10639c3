package io.auditq.fleet.run;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Instant;
import java.util.List;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * One row per destination (address, port, protocol) over the fleet's connections rows: on how many hosts, how many
 * attempts, first and last seen, and which hosts. Exact counts (a GROUP BY, never a sketch).
 */
public final class Destinations {
    /** A destination of the fleet. */
    public record Destination(String dstAddr, int dstPort, String protocol, long hosts, long attempts,
                              Instant firstSeen, Instant lastSeen, String hostList) {
    }

    /** How the rows are ordered. */
    public enum Sort {
        /** Fewest hosts first, then fewest attempts: the one host of fifty that talks to a beacon stands out. */
        rare,
        /** Most hosts first. */
        hosts,
        /** Most attempts first. */
        attempts,
        /** Earliest first seen first. */
        first_seen,
        /** Latest last seen first. */
        last_seen,
        /** By address, port, protocol. */
        destination
    }

    private Destinations() {
    }

    /** @param connections host and the connections columns; @param maxHosts keep those seen on at most this many */
    public static Dataset<Row> of(Dataset<Row> connections, Integer maxHosts, Sort sort) {
        Dataset<Row> d = connections.groupBy(col("dst_addr"), col("dst_port"), col("protocol")).agg(
                count_distinct(col("host")).as("hosts"), sum(col("count")).as("attempts"),
                min(col("first_seen")).as("first_seen"), max(col("last_seen")).as("last_seen"),
                array_join(array_sort(collect_set(col("host"))), ";").as("host_list"));
        if (maxHosts != null) {
            d = d.filter(col("hosts").leq(maxHosts));
        }
        Column[] tie = {col("dst_addr"), col("dst_port"), col("protocol")};
        List<Column> order = switch (sort) {
            case rare -> List.of(col("hosts"), col("attempts"));
            case hosts -> List.of(col("hosts").desc(), col("attempts").desc());
            case attempts -> List.of(col("attempts").desc(), col("hosts").desc());
            case first_seen -> List.of(col("first_seen"));
            case last_seen -> List.of(col("last_seen").desc());
            case destination -> List.of();
        };
        Column[] all = java.util.stream.Stream.concat(order.stream(), java.util.Arrays.stream(tie))
                .toArray(Column[]::new);
        return d.orderBy(all);
    }

    public static Destination of(Row r) {
        return new Destination(r.getString(0), r.getInt(1), r.getString(2), r.getLong(3), r.getLong(4),
                (Instant) r.get(5), (Instant) r.get(6), r.getString(7));
    }
}
