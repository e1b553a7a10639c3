package io.auditq.fleet.host;

import io.auditq.fleet.layout.HostFile;
import io.auditq.fleet.layout.HostInput;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.InputException;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.ask.ConnectionTally;
import io.auditq.query.ask.OutboundConnection;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.load.CaseLoader;
import io.auditq.query.load.ConnectionScan;
import io.auditq.query.schema.CaseDatabase;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One host's facts for the fleet, made by the single-host code itself: the parser, {@link ConnectionScan}'s
 * connection tracking and {@link ConnectionTally}, driven for one host exactly as {@code auditq connections}
 * drives them without a case database (and through a scratch case database when the host's inputs overlap in
 * time, as it does too). A host's rows are therefore the single-host answer for that host by construction.
 *
 * <p>This is the one class of fleet/ that knows how a host's facts are made. When the facts/ module exists
 * (issue 18: one sink API with a pull cursor), this class drives that instead and nothing else in fleet/ changes.
 */
public final class HostFacts {
    /**
     * Groups a tally holds in memory before it sorts to disk: the single-host limit (one group per 2 KiB of heap)
     * shared by the tasks that run at once in this JVM (one per core in local mode).
     */
    static final int TALLY_LIMIT = Math.clamp(Runtime.getRuntime().maxMemory() / 2048
            / Runtime.getRuntime().availableProcessors(), 1 << 16, ConnectionTally.DEFAULT_LIMIT);
    /** Ids whose names are remembered for stored attempts; as many as the parser learns from a log. */
    private static final int MAX_NAMED = LearnedNames.MAX_IDS;

    private HostFacts() {
    }

    /** A host's connections answer: its rows in listing order, then (once they are read) its report. */
    public interface Answered extends AutoCloseable {
        Iterator<OutboundConnection> rows();

        HostReport report();

        @Override
        void close();
    }

    /** A host's attempts in log order; its report and the names its answer would use once they are all read. */
    public interface Attempts extends Iterator<ConnectionAttempt>, AutoCloseable {
        HostReport report();

        List<AccountName> names();

        @Override
        void close();
    }

    /**
     * Reads the host and answers the connections question for it.
     *
     * @param inventory also take each file's sha256 and count every event (not only those the window needs
     *                  decoded): for the hosts question, whose counts then do not depend on the window
     */
    public static Answered answer(HostInput host, Configuration conf, FactQuestion q, boolean inventory) {
        List<String> problems = problems(host);
        Names names = names(host, conf, problems);
        HostLogs logs = new HostLogs(host, conf, inventory);
        AuditLogReader reader = new AuditLogReader(logs.sources()).opener(logs);
        ConnectionTally tally = new ConnectionTally(q.filter(), TALLY_LIMIT);
        try {
            // the window pushed down to the decoding, as auditq connections does; the tally keeps to it either way
            ConnectionScan.Result r = new ConnectionScan(names.names(), inventory ? Long.MIN_VALUE
                    : q.sinceOr(Long.MIN_VALUE), inventory ? Long.MAX_VALUE : q.untilOr(Long.MAX_VALUE))
                    .scan(reader, tally::add);
            ConnectionQuestion.Answer a = tally.answer(r.nodesAuditingSockets(), r.names());
            HostReport report = report(host, names, logs, r, problems).withTally(HostTally.of(a));
            return answered(a.rows().iterator(), report, tally);
        } catch (ConnectionScan.OverlappingInputs e) {
            tally.close();
            return throughCase(host, conf, q, names, logs, problems, inventory);
        } catch (RuntimeException e) {
            tally.close();
            return answered(List.<OutboundConnection>of().iterator(), failed(host, names, logs, problems, e), null);
        }
    }

    /**
     * Every connection attempt of the host in log order, window-less and unfiltered (what a lake stores), read as
     * the consumer asks for them.
     */
    public static Attempts attempts(HostInput host, Configuration conf, boolean digests) {
        return new AttemptStream(host, conf, digests);
    }

    /** The connections answer from a host's stored attempts (in log order) and names: the same tally. */
    public static Answered tally(HostReport stored, Iterator<ConnectionAttempt> attempts, List<AccountName> named,
                                 FactQuestion q) {
        LearnedNames learned = new LearnedNames(); // resolved when the lake was written: one name each
        for (AccountName n : named) {
            learned.learn(n.node(), LearnedNames.Kind.USER, n.id(), n.name(), 0, 0, null, 0);
        }
        AccountNames names = AccountNames.fromLogOnly().withLearned(learned);
        ConnectionTally tally = new ConnectionTally(q.filter(), TALLY_LIMIT);
        while (attempts.hasNext()) {
            tally.add(attempts.next());
        }
        ConnectionQuestion.Answer a = tally.answer(stored.auditingNodes(), names);
        return answered(a.rows().iterator(), stored.withTally(HostTally.of(a)), tally);
    }

    private static Answered answered(Iterator<OutboundConnection> rows, HostReport report, AutoCloseable resources) {
        return new Answered() {
            @Override
            public Iterator<OutboundConnection> rows() {
                return rows;
            }

            @Override
            public HostReport report() {
                return report;
            }

            @Override
            public void close() {
                if (resources != null) {
                    try {
                        resources.close();
                    } catch (Exception ignored) {
                        // temporary sort files; deleted at exit too
                    }
                }
            }
        };
    }

    /**
     * Inputs that overlap in time: the one-shot pass cannot tell repeated events from new ones, so the host is
     * loaded into a scratch case database and asked as a case is, as {@code auditq connections} does. The case
     * loader opens local files only; other file systems are reported.
     */
    private static Answered throughCase(HostInput host, Configuration conf, FactQuestion q, Names names,
                                        HostLogs logs, List<String> problems, boolean digests) {
        List<LogSource> sources = new ArrayList<>();
        for (HostFile f : host.logs()) {
            URI u = URI.create(f.uri());
            if (!"file".equals(u.getScheme())) {
                problems.add(host.dir() + ": its logs overlap in time (the same events twice?), which only local "
                        + "files can be checked for here: copy them and ask auditq connections");
                return answered(List.<OutboundConnection>of().iterator(),
                        emptyReport(host, names, logs, problems, true), null);
            }
            sources.add(new LogSource(f.name(), Path.of(u), sources.size()));
        }
        if (digests) {
            logs.digestUnread(conf);
        }
        try (CaseDatabase mem = CaseDatabase.scratch()) {
            CaseLoader loader = new CaseLoader(mem, CaseLoader.Scope.CONNECTIONS, names.names(), false);
            loader.window(q.sinceOr(Long.MIN_VALUE), q.untilOr(Long.MAX_VALUE));
            CaseLoader.Report r = loader.load(new AuditLogReader(sources));
            ConnectionQuestion.Answer a = new ConnectionQuestion(mem.dsl()).ask(q.filter(), names.names(), false);
            problems.addAll(r.read().readErrors());
            var read = r.read();
            HostReport report = new HostReport(host.host(), host.root(), host.dir(), names.kind(), logs.files(),
                    read.stats().lines, read.stats().records, read.events(), read.stats().malformed, problems,
                    r.oldestMillis(), r.newestMillis(), r.connectEvents(), r.unaddressedConnects(), r.duplicates(),
                    List.of(), true, HostTally.of(a));
            return answered(a.rows().iterator(), report, null);
        }
    }

    private static HostReport report(HostInput host, Names names, HostLogs logs, ConnectionScan.Result r,
                                     List<String> problems) {
        problems.addAll(r.read().readErrors());
        return new HostReport(host.host(), host.root(), host.dir(), names.kind(), logs.files(),
                r.read().stats().lines, r.read().stats().records, r.read().events(), r.read().stats().malformed,
                problems, r.oldestMillis(), r.newestMillis(), r.connectEvents(), r.unaddressedConnects(),
                r.duplicates(), r.nodesAuditingSockets(), false, null);
    }

    private static HostReport emptyReport(HostInput host, Names names, HostLogs logs, List<String> problems,
                                          boolean overlapping) {
        return new HostReport(host.host(), host.root(), host.dir(), names.kind(), logs.files(), 0, 0, 0, 0,
                problems, null, null, 0, 0, 0, List.of(), overlapping, null);
    }

    /** A host whose read failed in a way the reader does not report itself: named, the others still answered. */
    private static HostReport failed(HostInput host, Names names, HostLogs logs, List<String> problems,
                                     RuntimeException e) {
        problems.add(host.dir() + ": " + (e instanceof InputException ? e.getMessage()
                : "could not be read: " + e));
        return emptyReport(host, names, logs, problems, false);
    }

    private static List<String> problems(HostInput host) {
        List<String> problems = new ArrayList<>();
        if (host.problem() != null) {
            problems.add(host.problem());
        }
        if (host.logs().isEmpty() && host.problem() == null) {
            problems.add(host.dir() + ": no audit.log or rotations of it (nor var/log/audit/audit.log*)");
        }
        return problems;
    }

    /** The host's own names: its passwd and group, never another host's. */
    record Names(AccountNames names, String kind) {
    }

    static Names names(HostInput host, Configuration conf, List<String> problems) {
        AccountNames n = AccountNames.fromLogOnly();
        List<String> kinds = new ArrayList<>();
        if (host.passwd() != null && read(host.passwd(), conf, problems, in -> n.withPasswd(in, host.passwd()))) {
            kinds.add("passwd");
        }
        if (host.group() != null && read(host.group(), conf, problems, in -> n.withGroup(in, host.group()))) {
            kinds.add("group");
        }
        return new Names(n, kinds.isEmpty() ? "none" : String.join("+", kinds));
    }

    private static boolean read(String uri, Configuration conf, List<String> problems,
                                java.util.function.Consumer<InputStream> into) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            into.accept(in);
            return true;
        } catch (IOException | InputException e) {
            problems.add(uri + ": cannot read: " + e.getMessage());
            return false;
        }
    }

    /** The attempts of one host, handed from the scan's thread to the consumer's. */
    private static final class AttemptStream implements Attempts {
        private final Handoff<ConnectionAttempt> handoff;
        private final Set<AccountName> wanted = new LinkedHashSet<>();
        private volatile HostReport report;
        private volatile List<AccountName> names = List.of();

        AttemptStream(HostInput host, Configuration conf, boolean digests) {
            handoff = new Handoff<>("auditq-host-" + host.host(), sink -> {
                List<String> problems = problems(host);
                Names n = HostFacts.names(host, conf, problems);
                HostLogs logs = new HostLogs(host, conf, digests);
                try {
                    ConnectionScan.Result r = new ConnectionScan(n.names(), Long.MIN_VALUE, Long.MAX_VALUE)
                            .scan(new AuditLogReader(logs.sources()).opener(logs), a -> {
                                want(a.node(), a.user() == null ? a.uid() : null, problems);
                                want(a.node(), a.loginUser() == null ? a.auid() : null, problems);
                                sink.accept(a);
                            });
                    report = HostFacts.report(host, n, logs, r, problems);
                    names = resolve(r.names());
                } catch (ConnectionScan.OverlappingInputs e) {
                    // what was handed over is withdrawn by the caller, who stores nothing of a failed host
                    problems.add(host.dir() + ": its logs overlap in time (the same events twice?): store it with "
                            + "auditq ingest, which checks every event");
                    report = emptyReport(host, n, logs, problems, true);
                } catch (RuntimeException e) {
                    report = failed(host, n, logs, problems, e);
                }
            });
        }

        private void want(String node, Long id, List<String> problems) {
            if (id == null) {
                return;
            }
            AccountName key = new AccountName(node == null || node.isEmpty() ? null : node, id, null);
            if (wanted.size() < MAX_NAMED) {
                wanted.add(key);
            } else if (!wanted.contains(key) && wanted.size() == MAX_NAMED) {
                problems.add("more than " + MAX_NAMED + " distinct unnamed ids: the rest stay numbers");
                wanted.add(key); // said once
            }
        }

        private List<AccountName> resolve(AccountNames from) {
            List<AccountName> out = new ArrayList<>();
            for (AccountName k : wanted) {
                String name = from.user(k.node(), k.id());
                if (name != null) {
                    out.add(new AccountName(k.node(), k.id(), name));
                }
            }
            return out;
        }

        @Override
        public boolean hasNext() {
            boolean more = handoff.hasNext();
            if (!more) {
                handoff.join();
            }
            return more;
        }

        @Override
        public ConnectionAttempt next() {
            return handoff.next();
        }

        @Override
        public HostReport report() {
            return report;
        }

        @Override
        public List<AccountName> names() {
            return names;
        }

        @Override
        public void close() {
            handoff.close();
        }
    }
}
