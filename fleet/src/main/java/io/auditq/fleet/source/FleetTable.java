package io.auditq.fleet.source;

import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Locale;

/**
 * The tables {@code spark.read.format("auditq")} offers ({@code option("table", …)}): three for anyone, and two
 * bundles that the auditq commands read so that each host is read once for several kinds of rows.
 */
public enum FleetTable {
    /** The connections answer, one row per host, process and destination: the single-host listing plus host. */
    CONNECTIONS(false, FleetSchema.table(FleetSchema.CONNECTION)),
    /** One row per host: files, sizes, digests, times, counts, problems and the answer's tally. */
    HOSTS(false, FleetSchema.table(FleetSchema.REPORT)),
    /** Every connection attempt of all time (window and filters do not apply): what a lake stores. */
    ATTEMPTS(true, FleetSchema.table(FleetSchema.ATTEMPT)),
    /** Bundle: connections rows, then the host's report. */
    ANSWER(false, FleetSchema.bundle(List.of(FleetSchema.Kind.CONNECTION, FleetSchema.Kind.REPORT))),
    /** Bundle: attempts, then the host's report, then the names its answers give unnamed ids. */
    STORE(true, FleetSchema.bundle(List.of(FleetSchema.Kind.ATTEMPT, FleetSchema.Kind.REPORT,
            FleetSchema.Kind.NAME)));

    private final boolean attempts;
    private final StructType schema;

    FleetTable(boolean attempts, StructType schema) {
        this.attempts = attempts;
        this.schema = schema;
    }

    /** Reads every attempt (rather than answering the connections question). */
    public boolean attempts() {
        return attempts;
    }

    public StructType schema() {
        return schema;
    }

    public boolean bundle() {
        return this == ANSWER || this == STORE;
    }

    public static FleetTable named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auditq: table '" + name + "' is not one of connections, hosts, "
                    + "attempts, answer, store");
        }
    }
}
