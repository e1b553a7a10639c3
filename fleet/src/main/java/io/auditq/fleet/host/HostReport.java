package io.auditq.fleet.host;

import java.io.Serializable;
import java.util.List;

/**
 * What reading one host found, whatever the question: its files, how much of them was audit records, when its
 * log starts and ends, what could not be read, and (for a connections question) the tally of its answer.
 *
 * @param names          where uid names come from: {@code passwd}, {@code passwd+group}, {@code group} or
 *                       {@code none} (numbers unless the log names them)
 * @param problems       why some or all of the host could not be read: files that failed, a passwd that failed,
 *                       inputs that overlap in time where that cannot be handled; empty when it was read whole
 * @param firstEvent     the oldest record time (epoch ms), null when it holds none
 * @param auditingNodes  nodes whose log showed a socket() call (a protocol's basis depends on it)
 * @param throughCase    the host's inputs overlap in time: a question answers it through a scratch case database,
 *                       as {@code auditq connections} does; its attempts cannot be stored in a lake
 * @param tally          the connections answer's counts; null when the host's attempts were asked for instead
 */
public record HostReport(String host, String root, String dir, String names, List<FileReport> files,
                         long lines, long records, long events, long malformed, List<String> problems,
                         Long firstEvent, Long lastEvent, long connectEvents, long unaddressedConnects,
                         long duplicates, List<String> auditingNodes, boolean throughCase, HostTally tally)
        implements Serializable {
    public HostReport {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        auditingNodes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(auditingNodes));
    }

    public long bytes() {
        return files.stream().mapToLong(FileReport::bytes).sum();
    }

    /** The same report with this answer's tally. */
    public HostReport withTally(HostTally t) {
        return new HostReport(host, root, dir, names, files, lines, records, events, malformed, problems, firstEvent,
                lastEvent, connectEvents, unaddressedConnects, duplicates, auditingNodes, throughCase, t);
    }
}
