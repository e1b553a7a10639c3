package io.auditq.fleet.source;

import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.util.EnumSet;
import java.util.Set;

/** One of the fleet's tables over the hosts under the given roots; batch reads only. */
final class HostTable implements SupportsRead {
    private final ScanOptions options;

    HostTable(ScanOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "auditq." + options.table().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Column[] columns() {
        return java.util.Arrays.stream(options.table().schema().fields())
                .map(f -> Column.create(f.name(), f.dataType(), f.nullable())).toArray(Column[]::new);
    }

    @Override
    @SuppressWarnings("deprecation") // Spark 4 still asks some tables for it; columns() is the same
    public StructType schema() {
        return options.table().schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new HostScanBuilder(options);
    }
}
