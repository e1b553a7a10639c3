package io.auditq.fleet.source;

import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;

/**
 * Builds the scan. Nothing is pushed down through Spark's filter interfaces: the window and protocols are the
 * read's options, because a host's tally must see the window before it counts (a filter on finished rows would
 * give other counts).
 */
final class HostScanBuilder implements ScanBuilder {
    private final ScanOptions options;

    HostScanBuilder(ScanOptions options) {
        this.options = options;
    }

    @Override
    public Scan build() {
        return new HostScan(options);
    }
}
