package io.auditq.fleet.source;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the fleet's tables. {@code connections} is the single-host listing (its CSV columns in their order)
 * with {@code host} first; {@code attempts} are the case database's {@code connections} rows (one per attempt);
 * {@code hosts} is what reading each host found; {@code account_names} the names its answers give unnamed ids.
 */
public final class FleetSchema {
    private FleetSchema() {
    }

    private static final DataType STRING = DataTypes.StringType;
    private static final DataType LONG = DataTypes.LongType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType BOOL = DataTypes.BooleanType;
    private static final DataType STRINGS = DataTypes.createArrayType(STRING, true);

    /** One row of a host's connections answer, as the single-host CSV has it (plus mapped and loopback). */
    public static final StructType CONNECTION = struct(
            field("first_seen", DataTypes.TimestampType, false), field("last_seen", DataTypes.TimestampType, false),
            field("count", LONG, false), field("dst_addr", STRING, false), field("dst_port", INT, false),
            field("protocol", STRING, false), field("outcome", STRING, false), field("pid", LONG, true),
            field("ppid", LONG, true), field("exe", STRING, true), field("comm", STRING, true),
            field("uid", LONG, true), field("user", STRING, true), field("auid", LONG, true),
            field("login_user", STRING, true), field("ses", LONG, true), field("node", STRING, true),
            field("argv", STRINGS, true), field("comm_mismatch", BOOL, false),
            field("protocol_basis", STRING, true), field("family", STRING, true), field("source", STRING, true),
            field("mapped", BOOL, false), field("loopback", BOOL, false));

    /** One connection attempt: the case database's connections columns, argv and source inline, seq = log order. */
    public static final StructType ATTEMPT = struct(
            field("seq", LONG, false), field("node", STRING, false), field("time_ms", LONG, false),
            field("serial", LONG, false), field("syscall", STRING, true), field("socketcall", BOOL, false),
            field("pid", LONG, true), field("ppid", LONG, true), field("uid", LONG, true),
            field("user_name", STRING, true), field("auid", LONG, true), field("login_user", STRING, true),
            field("ses", LONG, true), field("exe", STRING, true), field("comm", STRING, true),
            field("comm_mismatch", BOOL, false), field("fd", LONG, true), field("family", STRING, true),
            field("mapped", BOOL, false), field("dst_addr", STRING, false), field("dst_port", INT, false),
            field("loopback", BOOL, false), field("protocol", STRING, false), field("protocol_basis", STRING, false),
            field("outcome", STRING, true), field("exit", LONG, true), field("argv", STRINGS, true),
            field("proctitle", STRING, true), field("rule_key", STRING, true), field("source", STRING, true),
            field("line", LONG, false));

    public static final StructType FILE = struct(field("name", STRING, false), field("bytes", LONG, false),
            field("sha256", STRING, true));

    public static final StructType TALLY = struct(
            field("rows", LONG, false), field("destinations", LONG, false), field("attempts", LONG, false),
            field("processes", LONG, false), field("users", LONG, false), field("first_seen_ms", LONG, true),
            field("last_seen_ms", LONG, true), field("loopback_attempts", LONG, false),
            field("loopback_destinations", LONG, false),
            field("hidden_attempts", DataTypes.createMapType(STRING, LONG, false), false),
            field("hidden_destinations", DataTypes.createMapType(STRING, LONG, false), false));

    /** What reading one host found (no host column: the tables add it). */
    public static final StructType REPORT = struct(
            field("root", STRING, true), field("dir", STRING, true), field("names", STRING, false),
            field("files", DataTypes.createArrayType(FILE, false), false), field("bytes", LONG, false),
            field("lines", LONG, false), field("records", LONG, false), field("events", LONG, false),
            field("malformed", LONG, false), field("problems", STRINGS, false),
            field("first_time_ms", LONG, true), field("last_time_ms", LONG, true),
            field("connect_events", LONG, false), field("unaddressed_connects", LONG, false),
            field("duplicates", LONG, false), field("auditing_nodes", STRINGS, false),
            field("through_case", BOOL, false), field("tally", TALLY, true));

    public static final StructType NAME = struct(field("node", STRING, true), field("id", LONG, false),
            field("name", STRING, false));

    /** A table: {@code host} and then the columns of one kind of row. */
    public static StructType table(StructType columns) {
        List<StructField> f = new ArrayList<>();
        f.add(field("host", STRING, false));
        f.addAll(List.of(columns.fields()));
        return new StructType(f.toArray(StructField[]::new));
    }

    /**
     * Several kinds of rows from one read (what the auditq commands ask for, so a host is read once): host, the
     * row's kind, its place in the host's order, and one struct column per kind, of which the row's kind is set.
     */
    public static StructType bundle(List<Kind> kinds) {
        List<StructField> f = new ArrayList<>(List.of(field("host", STRING, false), field("kind", STRING, false),
                field("seq", LONG, false)));
        for (Kind k : kinds) {
            f.add(field(k.column(), k.columns(), true));
        }
        return new StructType(f.toArray(StructField[]::new));
    }

    /** The kinds of rows a host gives. */
    public enum Kind {
        CONNECTION("connection", FleetSchema.CONNECTION), ATTEMPT("attempt", FleetSchema.ATTEMPT),
        REPORT("report", FleetSchema.REPORT), NAME("name", FleetSchema.NAME);

        private final String column;
        private final StructType columns;

        Kind(String column, StructType columns) {
            this.column = column;
            this.columns = columns;
        }

        public String column() {
            return column;
        }

        public StructType columns() {
            return columns;
        }
    }

    private static StructType struct(StructField... fields) {
        return new StructType(fields);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }
}
