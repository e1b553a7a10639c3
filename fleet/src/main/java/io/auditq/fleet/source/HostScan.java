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
public final class HostScan implements Scan, Batch {
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
            hosts = order(HostDiscovery.discover(options.roots(), conf()).stream()
                    .filter(h -> options.hosts() == null || options.hosts().contains(h.host()))
                    .sorted(java.util.Comparator.comparingLong(HostInput::bytes).reversed()
                            .thenComparing(HostInput::host))
                    .toList(), tasks(SparkSession.active().sparkContext().defaultParallelism()));
        }
        return hosts.stream().map(HostPartition::new).toArray(InputPartition[]::new);
    }

    /**
     * The tasks a fleet of many hosts is read in (the auditq commands coalesce consecutive partitions into this
     * many tasks): 16 per core, so a task is short next to the whole and no core waits long for the last.
     */
    public static int tasks(int parallelism) {
        return parallelism * 16;
    }

    /**
     * Largest host first (the longest task starts first); with more hosts than tasks, the hosts are dealt by size
     * into the task groups that coalescing makes of consecutive partitions, so each group holds big and small.
     */
    static List<HostInput> order(List<HostInput> largestFirst, int tasks) {
        if (largestFirst.size() <= tasks) {
            return largestFirst;
        }
        // dealt like cards, back and forth (0..t-1, then t-1..0, ...), so no group always gets the bigger card
        List<List<HostInput>> groups = new java.util.ArrayList<>();
        for (int g = 0; g < tasks; g++) {
            groups.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < largestFirst.size(); i++) {
            int round = i / tasks, at = i % tasks;
            groups.get(round % 2 == 0 ? at : tasks - 1 - at).add(largestFirst.get(i));
        }
        List<HostInput> dealt = new java.util.ArrayList<>(largestFirst.size());
        groups.forEach(dealt::addAll);
        return dealt;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(SparkSession.active()
                .sparkContext()).broadcast(new SerializableConfiguration(conf()));
        return new HostReaderFactory(options, conf);
    }
}
