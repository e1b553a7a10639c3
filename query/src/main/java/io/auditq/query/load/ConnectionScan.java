package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventKey;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.ConnectionTracker;

import java.util.List;
import java.util.function.Consumer;

/**
 * Evidence → connection attempts, in one streaming pass and without a database: the one-shot connections path.
 * Only the records the connections question needs are decoded ({@link ConnectionRecords}); each attempt goes to
 * the caller as it is found (the caller tallies them).
 *
 * <p>An event read twice (the same file given twice, a copy of a rotation) must count once. Events are checked
 * against those of the last {@link RecentEventKeys#WINDOW_MILLIS} of log time per node, which catches every repeat
 * when the inputs follow each other in time, as rotations do. An event older than that horizon can only come
 * from inputs that overlap in time, where repeats cannot be ruled out in bounded memory: the scan then stops
 * with {@link OverlappingInputs}, and the caller answers through a case database, which checks every key.
 */
public final class ConnectionScan {
    /** The inputs overlap in time: this pass cannot tell repeated events from new ones. */
    public static final class OverlappingInputs extends RuntimeException {
        OverlappingInputs(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What the pass read and found besides the attempts.
     *
     * @param names the names to give the attempts' ids they do not name themselves: the account files, then what the
     *              whole input's ENRICHED fields give (learned during the pass), then the built-in root
     */
    public record Result(AuditLogReader.Summary read, long connectEvents, long unaddressedConnects,
                         Long oldestMillis, Long newestMillis, List<String> nodesAuditingSockets, long duplicates,
                         AccountNames names) {
    }

    private final EventNormalizer normalizer;
    private final AccountNames names;
    private final LearnedNames learned = new LearnedNames();
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final long since;
    private final long until;
    private final RecentEventKeys recent = new RecentEventKeys();
    private long newest = Long.MIN_VALUE;
    private long oldest = Long.MAX_VALUE;
    private long duplicates;
    private long ref;

    /** @param since, until the question's window (epoch ms, inclusive), or Long.MIN_VALUE/MAX_VALUE for open ends */
    public ConnectionScan(AccountNames names, long since, long until) {
        // an attempt carries what its own records and the account files say; the rest is named at the end
        this.normalizer = new EventNormalizer(names.filesOnly());
        this.names = names;
        this.since = since;
        this.until = until;
    }

    /** Reads everything the reader yields; each attempt goes to {@code attempts}. */
    public Result scan(AuditLogReader reader, Consumer<ConnectionAttempt> attempts) {
        ConnectionRecords needed = new ConnectionRecords(since, until, false);
        // the gate's state (the window's ends, the kept serials) is read here only after the pass
        reader.pipelined(true).learnNames(learned).gate((src, type, node, t, serial, buf, from, to) -> {
            if (t > newest) {
                newest = t;
            }
            if (t < oldest) {
                oldest = t;
            }
            return needed.wants(src, type, node, t, serial, buf, from, to);
        });
        AuditLogReader.Summary summary = reader.read(raw -> event(raw, attempts), null);
        return new Result(summary, Math.max(needed.connects(), tracker.connectEvents()), tracker.unaddressedConnects(),
                oldest == Long.MAX_VALUE ? null : oldest, newest == Long.MIN_VALUE ? null : newest,
                tracker.nodesAuditingSockets(), duplicates, names.withLearned(learned));
    }

    /** Event keys remembered for the repeat check: bounded by the last minute of log time. */
    int remembered() {
        return recent.size();
    }

    private void event(AuditEvent raw, Consumer<ConnectionAttempt> attempts) {
        if (repeated(raw)) {
            return;
        }
        NormalizedEvent e = normalizer.normalize(raw, ConnectionScan::detailed);
        if (tracker.observe(raw, e, ++ref) instanceof ConnectionTracker.Attempt a) {
            attempts.accept(a.attempt());
        }
    }

    /**
     * The syscalls whose every field an answer may show: the attempts, and the execs that give them argv and exe.
     * socket(), dup, close, fork … only move fds and protocols between processes.
     */
    private static boolean detailed(String syscall) {
        return syscall == null || switch (syscall) {
            case "connect", "sendto", "sendmsg", "sendmmsg", "execve", "execveat", "socketcall" -> true;
            default -> false;
        };
    }

    private boolean repeated(AuditEvent raw) {
        EventKey key = raw.key();
        if (recent.contains(key)) {
            if (!CaseLoader.latePart(raw)) {
                duplicates++;
            }
            return true;
        }
        long[] span = recent.span(RecentEventKeys.node(key));
        if (span != null && key.timeMillis() < span[1] - RecentEventKeys.WINDOW_MILLIS) {
            throw new OverlappingInputs(raw.records().getFirst().source().name() + " line "
                    + raw.records().getFirst().line() + " goes back more than "
                    + RecentEventKeys.WINDOW_MILLIS / 1000 + " s before events already read");
        }
        recent.add(key);
        return false;
    }
}
