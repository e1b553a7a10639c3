package io.auditq.fleet.source;

import io.auditq.fleet.layout.HostInput;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One host: all of its files, never split, because grouping records into events, fd correlation and ancestry need
 * a host's records in order.
 */
record HostPartition(HostInput host) implements InputPartition {
}
