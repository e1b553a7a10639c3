package io.auditq.fleet.source;

import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import java.util.Map;

/**
 * {@code spark.read.format("auditq").load("ROOT")}: a fleet's audit logs as a Spark table, one partition per host
 * (see {@link ScanOptions} for the options, {@link FleetTable} for the tables).
 */
public final class AuditqSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "auditq";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return FleetTable.named(options.getOrDefault("table", "connections")).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new HostTable(ScanOptions.of(properties));
    }
}
