package io.auditq.fleet.source;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.util.SerializableConfiguration;

/** Makes, in the executor, the reader of one host. */
record HostReaderFactory(ScanOptions options, Broadcast<SerializableConfiguration> conf)
        implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new HostReader(options, ((HostPartition) partition).host(), conf.value().value());
    }
}
