package io.auditq.fleet.source;

import io.auditq.fleet.host.FileReport;
import io.auditq.fleet.host.HostReport;
import io.auditq.fleet.host.HostTally;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A host's report as row values in {@link FleetSchema#REPORT}'s column order (without host), and back. */
public final class ReportRows {
    private ReportRows() {
    }

    public static Object[] report(HostReport r) {
        List<Object[]> files = new ArrayList<>();
        for (FileReport f : r.files()) {
            files.add(new Object[] {f.name(), f.bytes(), f.sha256()});
        }
        HostTally t = r.tally();
        Object[] tally = t == null ? null : new Object[] {t.rows(), t.destinations(), t.attempts(), t.processes(),
                t.users(), t.firstSeen(), t.lastSeen(), t.loopbackAttempts(), t.loopbackDestinations(),
                t.hiddenAttempts(), t.hiddenDestinations()};
        return new Object[] {r.root(), r.dir(), r.names(), files, r.bytes(), r.lines(), r.records(), r.events(),
                r.malformed(), r.problems(), r.firstEvent(), r.lastEvent(), r.connectEvents(), r.unaddressedConnects(),
                r.duplicates(), r.auditingNodes(), r.throughCase(), tally};
    }

    public static HostReport report(String host, Row r) {
        List<FileReport> files = new ArrayList<>();
        for (Row f : r.<Row>getList(3)) {
            files.add(new FileReport(f.getString(0), f.getLong(1), f.getString(2)));
        }
        HostTally tally = null;
        if (!r.isNullAt(17)) {
            Row t = r.getStruct(17);
            tally = new HostTally(t.getLong(0), t.getLong(1), t.getLong(2), t.getLong(3), t.getLong(4),
                    FactRows.longOrNull(t, 5), FactRows.longOrNull(t, 6), t.getLong(7), t.getLong(8),
                    Map.copyOf(t.<String, Long>getJavaMap(9)), Map.copyOf(t.<String, Long>getJavaMap(10)));
        }
        return new HostReport(host, r.getString(0), r.getString(1), r.getString(2), files, r.getLong(5),
                r.getLong(6), r.getLong(7), r.getLong(8), r.<String>getList(9), FactRows.longOrNull(r, 10),
                FactRows.longOrNull(r, 11), r.getLong(12), r.getLong(13), r.getLong(14), r.<String>getList(15),
                r.getBoolean(16), tally);
    }
}
