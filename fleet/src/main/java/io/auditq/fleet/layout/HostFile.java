package io.auditq.fleet.layout;

import java.io.Serializable;

/**
 * One audit log of a host, in its read order.
 *
 * @param name the source name every answer shows (its {@code source} column): the path as a single-host run on
 *             {@code ROOT/<host>} names it, or the full URI for a root on another file system
 * @param uri  where Hadoop's FileSystem opens it (file:, hdfs:, s3a: …)
 * @param size bytes as stored (compressed for .gz)
 */
public record HostFile(String name, String uri, long size) implements Serializable {
}
