package io.auditq.fleet.source;

import io.auditq.fleet.layout.HostDiscovery;
import io.auditq.fleet.layout.HostInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.util.List;

/**
 * The hosts under the roots, found on the driver (through Hadoop's FileSystem), one input partition each, largest
 * first so the longest host does not start last; the session's Hadoop settings go to the executors by broadcast.
 */
final class HostScan implements Scan, Batch {
    private final ScanOptions options;
    private List<HostInput> hosts;

    HostScan(ScanOptions options) {
        this.options = options;
    }

    @Override
    public StructType readSchema() {
        return options.table().schema();
    }

    @Override
    public String description() {
        return "auditq " + options.table().name().toLowerCase(java.util.Locale.ROOT) + " of " + options.roots();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    private Configuration conf() {
        return SparkSession.active().sparkContext().hadoopConfiguration();
    }

    @Override
    public InputPartition[] planInputPartitions() {
        if (hosts == null) {
            hosts = HostDiscovery.discover(options.roots(), conf()).stream()
                    .filter(h -> options.hosts() == null || options.hosts().contains(h.host()))
                    .sorted(java.util.Comparator.comparingLong(HostInput::bytes).reversed()
                            .thenComparing(HostInput::host))
                    .toList();
        }
        return hosts.stream().map(HostPartition::new).toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(SparkSession.active()
                .sparkContext()).broadcast(new SerializableConfiguration(conf()));
        return new HostReaderFactory(options, conf);
    }
}
