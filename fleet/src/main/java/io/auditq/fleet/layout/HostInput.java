package io.auditq.fleet.layout;

import java.io.Serializable;
import java.util.List;

/**
 * One host of a fleet as found on disk: its name (the directory's), its logs oldest rotation first, and its own
 * passwd and group files when they are there. Travels to the executor inside the host's partition.
 *
 * @param dir     where its logs are (ROOT/host, or ROOT/host/var/log/audit in a collected tree)
 * @param passwd  the host's passwd (URI), or null: then uids stay numbers unless the log names them
 * @param problem why the host's logs cannot be listed at all, or null
 */
public record HostInput(String host, String root, String dir, List<HostFile> logs, String passwd, String group,
                        String problem) implements Serializable {
    public HostInput {
        logs = List.copyOf(logs);
    }

    /** Bytes of all its logs as stored. */
    public long bytes() {
        return logs.stream().mapToLong(HostFile::size).sum();
    }
}
