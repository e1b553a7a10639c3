package io.auditq.fleet.source;

import io.auditq.fleet.host.AccountName;
import io.auditq.fleet.host.HostFacts;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.layout.HostInput;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;

/**
 * Reads one host in the executor and streams its rows out: the connections answer's rows (or every attempt), then
 * the host's report, then (for a lake) the names its answers use. The host is read when the first row is asked
 * for; what a row holds is made only when Spark gets it.
 */
final class HostReader implements PartitionReader<InternalRow> {
    private final ScanOptions options;
    private final HostInput host;
    private final Configuration conf;
    private HostFacts.Answered answered;
    private HostFacts.Attempts attempts;
    private Iterator<?> facts;
    private Iterator<AccountName> names;
    private boolean reported;
    private Object current;
    private long seq = -1;

    HostReader(ScanOptions options, HostInput host, Configuration conf) {
        this.options = options;
        this.host = host;
        this.conf = conf;
    }

    @Override
    public boolean next() {
        if (facts == null) {
            if (options.table().attempts()) {
                attempts = HostFacts.attempts(host, conf, options.digests());
                facts = attempts;
            } else {
                answered = HostFacts.answer(host, conf, options.question(), options.digests());
                facts = answered.rows();
            }
        }
        // a loop, not recursion: a table of reports skips every one of a host's rows
        while (true) {
            seq++;
            if (facts.hasNext()) {
                current = facts.next();
            } else if (!reported) {
                reported = true;
                current = attempts != null ? attempts.report() : answered.report();
            } else {
                if (attempts == null) {
                    return false;
                }
                if (names == null) {
                    names = attempts.names().iterator();
                }
                if (!names.hasNext()) {
                    return false;
                }
                current = names.next();
            }
            if (wants(current)) {
                return true;
            }
        }
    }

    /** Whether this table has rows of the current kind. */
    private boolean wants(Object row) {
        return options.table().bundle() || switch (options.table()) {
            case CONNECTIONS -> row instanceof OutboundConnection;
            case ATTEMPTS -> row instanceof ConnectionAttempt;
            case HOSTS -> row instanceof HostReport;
            default -> false;
        };
    }

    @Override
    public InternalRow get() {
        StructType schema = options.table().schema();
        Object[] values = switch (current) {
            case OutboundConnection c -> FactRows.connection(c);
            case ConnectionAttempt a -> FactRows.attempt(a, seq);
            case HostReport r -> ReportRows.report(r);
            case AccountName n -> FactRows.name(n);
            default -> throw new IllegalStateException("unexpected row " + current);
        };
        if (!options.table().bundle()) {
            Object[] row = new Object[values.length + 1];
            row[0] = host.host();
            System.arraycopy(values, 0, row, 1, values.length);
            return Values.internal(row, schema);
        }
        String kind = switch (current) {
            case OutboundConnection c -> FleetSchema.Kind.CONNECTION.column();
            case ConnectionAttempt a -> FleetSchema.Kind.ATTEMPT.column();
            case HostReport r -> FleetSchema.Kind.REPORT.column();
            default -> FleetSchema.Kind.NAME.column();
        };
        Object[] row = new Object[schema.fields().length];
        row[0] = host.host();
        row[1] = kind;
        row[2] = seq;
        for (int i = 3; i < row.length; i++) {
            if (schema.fields()[i].name().equals(kind)) {
                row[i] = values;
            }
        }
        return Values.internal(row, schema);
    }

    @Override
    public void close() {
        if (answered != null) {
            answered.close();
        }
        if (attempts != null) {
            attempts.close();
        }
    }
}
