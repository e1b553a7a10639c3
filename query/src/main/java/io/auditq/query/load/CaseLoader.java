package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventKey;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.LearnedNames;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.RecordTypes;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.ConnectionTracker;
import io.auditq.query.connect.ProcessImage;
import io.auditq.query.connect.Protocol;
import io.auditq.query.connect.ProtocolBasis;
import io.auditq.query.connect.SocketFact;
import io.auditq.query.connect.Outcome;
import io.auditq.query.files.FileAccess;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.schema.ConnectionMinutes;
import io.auditq.query.schema.CaseDatabaseException;
import io.auditq.query.schema.CaseNames;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.EXECUTIONS;
import static io.auditq.query.schema.jooq.Tables.FILE_ACCESSES;
import static io.auditq.query.schema.jooq.Tables.LISTENERS;
import static io.auditq.query.schema.jooq.Tables.LOGINS;
import static io.auditq.query.schema.jooq.Tables.META;
import static io.auditq.query.schema.jooq.Tables.OPEN_SOCKETS;
import static io.auditq.query.schema.jooq.Tables.SOCKETS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * Events → rows of the case database, streaming: each event is normalized once, read by the
 * {@link ConnectionTracker}, and written through batched prepared statements. An event the case already holds
 * (same node, time and serial) is skipped whole, so loading a file twice, or overlapping files, doubles nothing.
 *
 * <p>The row ids of events, executions, sockets and connections are the event's own id, so a connection names
 * the socket() and execve events it depends on by their ids.
 */
public final class CaseLoader {
    /** What to load. */
    public enum Scope {
        /** Every table: a case database for any question ({@code auditq ingest}). */
        CASE,
        /** Only what the connections question reads: connections, sockets and executions (one-shot). */
        CONNECTIONS
    }

    /**
     * Events between commits, so a long ingest does not hold one huge transaction. (A system property, so the
     * crash test can have an ingest commit early and be killed after.)
     */
    static final int COMMIT_EVERY = Integer.getInteger("auditq.commitEvery", 200_000);

    /** Record types kept in the logins table: logins, PAM and sudo's user-space records. */
    private static final Set<Integer> LOGIN_TYPES = codes("LOGIN", "USER_AUTH", "USER_ACCT", "USER_MGMT",
            "CRED_ACQ", "CRED_DISP", "CRED_REFR", "USER_START", "USER_END", "USER_CHAUTHTOK", "USER_ERR", "USER_LOGIN",
            "USER_LOGOUT", "USER_CMD", "USER_ROLE_CHANGE", "GRP_AUTH", "CHUSER_ID", "CHGRP_ID", "ANOM_LOGIN_FAILURES",
            "ANOM_LOGIN_TIME", "ANOM_LOGIN_SESSIONS", "ANOM_LOGIN_ACCT", "ANOM_LOGIN_LOCATION", "ANOM_LOGIN_SERVICE");

    private final CaseDatabase db;
    private final Scope scope;
    private final EventNormalizer normalizer;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final boolean hashing;
    private long windowSince = Long.MIN_VALUE;
    private long windowUntil = Long.MAX_VALUE;

    // per run
    private CaseSources sources;
    private final Map<Integer, CaseSources.SourceStats> stats = new HashMap<>();
    private io.auditq.parser.input.LogSource lastSource;
    private CaseSources.SourceStats lastStats;
    private RowBatch events, executions, sockets, connections, files, logins, listeners;
    /** The last inet bind() of each (node, pid, fd): where a later listen() or accept() on it listens. */
    private final Map<FdKey, Bound> binds = new HashMap<>();
    private long nextId;
    private long nextFileId;
    private long nextLoginId;
    private long loaded;
    private long duplicates;
    private long fragments;
    private long newest = Long.MIN_VALUE;
    private long oldest = Long.MAX_VALUE;
    private final Map<String, long[]> caseRange = new HashMap<>();
    private final RecentEventKeys recent = new RecentEventKeys();
    /** What this load's ENRICHED fields name: added to the case's account_names at the end. */
    private final LearnedNames learned = new LearnedNames();
    private final List<PreparedStatement> lookups = new ArrayList<>();
    /** Writer threads of a full ingest: the events table on one, the other tables on the other. */
    private WriteLane eventLane, rowLane;

    /**
     * @param hashing hash every input and skip what the case already holds (ingest); without it inputs are only
     *                registered (a one-shot question)
     */
    public CaseLoader(CaseDatabase db, Scope scope, AccountNames names, boolean hashing) {
        this.db = db;
        this.scope = scope;
        // a row stores what its own records and the account files say; names other records give are the case's
        // account_names, applied when a question is asked, so no row depends on the order the evidence was read in
        this.normalizer = new EventNormalizer(names.filesOnly());
        this.hashing = hashing;
    }

    /**
     * Drops connect-like events outside this window before they are decoded (one-shot, when the window is known
     * before reading). Events that feed later answers (socket(), execve) are kept whatever their time.
     */
    public CaseLoader window(long since, long until) {
        this.windowSince = since;
        this.windowUntil = until;
        return this;
    }

    /** What a load did. */
    /**
     * @param duplicates events the case already held (same node, time and serial), skipped
     * @param fragments  late parts of events already loaded (records read after their event was closed), not merged
     */
    public record Report(AuditLogReader.Summary read, List<CaseSources.Outcome> sources, long events,
                         long duplicates, long fragments, long attempts, long connectEvents, long unaddressedConnects,
                         Long oldestMillis, Long newestMillis, Interrupted interrupted) {
        /** Per input, what became of it, in words: for the ingest report. */
        public List<String> sourceLines() {
            List<String> out = new ArrayList<>();
            for (CaseSources.Outcome o : sources) {
                out.add(o.source().name() + ": " + switch (o.fate()) {
                    case CaseSources.Fate.Read r -> "read (source " + r.id() + ")";
                    case CaseSources.Fate.Continued c -> "continues source " + c.from() + " (the case held its first "
                            + c.offset() + " bytes, " + c.linesBefore() + " lines); read the rest as source " + c.id();
                    case CaseSources.Fate.Known k -> "already in the case (source " + k.id() + "), skipped";
                });
            }
            return out;
        }
    }

    /**
     * What an earlier ingest that died (killed, power lost) left half-loaded, and this load removed before reading:
     * the sources it had begun, and their rows.
     */
    public record Interrupted(List<String> sources, long rows) {
        static final Interrupted NONE = new Interrupted(List.of(), 0);
    }

    /** Reads everything the reader yields into the case and commits. */
    public Report load(AuditLogReader reader) {
        Connection c = db.connection();
        Interrupted interrupted = hashing ? removeInterrupted() : Interrupted.NONE;
        // committed before the first row: a query while this runs, or after it died, reads connection rows
        ConnectionMinutes.markStale(db.dsl());
        db.commit();
        sources = new CaseSources(db, hashing);
        // into an empty case file, load first and index after: the indexes are built once, from sorted rows
        boolean bulk = !db.isInMemory() && scope == Scope.CASE && db.dsl().fetchCount(EVENTS) == 0;
        if (bulk) {
            db.dropIndexes();
        }
        prepare(c);
        ConnectionRecords connectionRecords = scope == Scope.CONNECTIONS
                ? new ConnectionRecords(windowSince, windowUntil, true) : null;
        reader.learnNames(learned).opener(sources).gate((src, type, node, t, serial, buf, from, to) -> {
            CaseSources.SourceStats s = statsOf(src);
            if (t < s.first) {
                s.first = t;
            }
            if (t > s.last) {
                s.last = t;
            }
            if (t > newest) {
                newest = t;
            }
            if (t < oldest) {
                oldest = t;
            }
            return connectionRecords == null
                    || connectionRecords.wants(src, type, node, t, serial, buf, from, to);
        });
        AuditLogReader.Summary summary;
        try {
            summary = reader.read(this::event, this::malformed);
            finish(bulk);
        } finally {
            closeAll();
        }
        // with the time window pushed down, connects outside it were dropped unread, but counted
        long connects = connectionRecords != null ? Math.max(connectionRecords.connects(), tracker.connectEvents())
                : tracker.connectEvents();
        // the names the whole case now holds: a conflict with an earlier ingest's names is reported too
        AuditLogReader.Summary read = new AuditLogReader.Summary(summary.stats(), summary.events(),
                summary.eventFragments(), summary.readErrors(), summary.firstMalformations(), summary.collisions(),
                CaseNames.read(db.dsl()));
        return new Report(read, List.copyOf(sources.outcomes()), loaded, duplicates, fragments, tracker.attempts(),
                connects, tracker.unaddressedConnects(), oldest == Long.MAX_VALUE ? null : oldest,
                newest == Long.MIN_VALUE ? null : newest, interrupted);
    }

    /**
     * Removes what an ingest that never finished left behind. A source is marked complete in the load's last
     * commit, with its counts; rows are committed every {@link #COMMIT_EVERY} events before that (H2 rolls back
     * only the uncommitted rest when the case is opened again). A source whose counts were never written
     * ({@code lines} NULL) is such a leftover: its rows are deleted, with it, in one transaction, so the input is
     * read again whole, as if the interrupted ingest had not begun, and nothing is doubled or half-tracked (the
     * tracker's open sockets are saved in that same last commit, so they are still those of the last complete
     * ingest). A source that ended in a read error was finished (counts written, complete false) and is kept.
     */
    private Interrupted removeInterrupted() {
        var leftovers = db.dsl().select(SOURCES.ID, SOURCES.NAME).from(SOURCES)
                .where(SOURCES.COMPLETE.isFalse()).and(SOURCES.LINES.isNull()).orderBy(SOURCES.ID).fetch();
        if (leftovers.isEmpty()) {
            return Interrupted.NONE;
        }
        List<Integer> ids = leftovers.getValues(SOURCES.ID);
        long rows = 0;
        // every table of rows from the log (each has source_id), also tables added after this was written
        for (Table<?> t : io.auditq.query.schema.jooq.DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            Field<Integer> source = t.field("SOURCE_ID", Integer.class);
            if (source != null) { // views (processes) have none
                rows += db.dsl().deleteFrom(t).where(source.in(ids)).execute();
            }
        }
        db.dsl().deleteFrom(SOURCES).where(SOURCES.ID.in(ids)).execute();
        db.commit();
        return new Interrupted(leftovers.getValues(SOURCES.NAME), rows);
    }

    /** Event keys remembered for the duplicate check: bounded by {@link RecentEventKeys#WINDOW_MILLIS} of log time. */
    int remembered() {
        return recent.size();
    }

    /** The tracker, for what it learned of the log (whether socket() is audited). */
    public ConnectionTracker tracker() {
        return tracker;
    }

    // ---- setup ----

    private void prepare(Connection c) {
        nextId = 1 + max(EVENTS.ID, CONNECTIONS.ID, SOCKETS.ID, EXECUTIONS.ID, LISTENERS.ID);
        nextFileId = 1 + max(FILE_ACCESSES.ID);
        nextLoginId = 1 + max(LOGINS.ID);
        if (scope == Scope.CASE) {
            eventLane = new WriteLane(db.newSession(), "events");
            rowLane = new WriteLane(db.newSession(), "rows");
            events = new RowBatch(eventLane, EVENTS, fields(EVENTS));
            logins = new RowBatch(eventLane, LOGINS, fields(LOGINS));
            listeners = new RowBatch(eventLane, LISTENERS, fields(LISTENERS));
            files = new RowBatch(rowLane, FILE_ACCESSES, fields(FILE_ACCESSES));
            executions = new RowBatch(rowLane, EXECUTIONS, fields(EXECUTIONS));
            sockets = new RowBatch(rowLane, SOCKETS, fields(SOCKETS));
            connections = new RowBatch(rowLane, CONNECTIONS, fields(CONNECTIONS));
        } else {
            executions = new RowBatch(c, EXECUTIONS, fields(EXECUTIONS));
            sockets = new RowBatch(c, SOCKETS, fields(SOCKETS));
            connections = new RowBatch(c, CONNECTIONS, fields(CONNECTIONS));
        }
        // the key lookups run on the session that writes the events, which sees its own rows before they commit
        Connection lookupSession = eventLane != null ? eventLane.connection() : c;
        // the case's time range per node: events inside it are checked against the case before loading
        List<Table<?>> keyTables = scope == Scope.CASE ? List.of(EVENTS) : List.of(CONNECTIONS, SOCKETS, EXECUTIONS);
        for (Table<?> t : keyTables) {
            Field<String> node = t.field("NODE", String.class);
            Field<Long> time = t.field("TIME_MS", Long.class);
            for (Record r : db.dsl().select(node, org.jooq.impl.DSL.min(time), org.jooq.impl.DSL.max(time))
                    .from(t).groupBy(node).fetch()) {
                long[] range = caseRange.computeIfAbsent(r.get(0, String.class),
                        k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                range[0] = Math.min(range[0], r.get(1, Long.class));
                range[1] = Math.max(range[1], r.get(2, Long.class));
            }
            try {
                lookups.add(lookupSession.prepareStatement("SELECT 1 FROM " + t.getName()
                        + " WHERE node = ? AND time_ms = ? AND serial = ?"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        restoreTracker();
    }

    /** Continues where an earlier ingest stopped: its open sockets and each process's last program. */
    private void restoreTracker() {
        for (var r : db.dsl().selectFrom(OPEN_SOCKETS).fetch()) {
            tracker.restore(new ConnectionTracker.TrackedSocket(r.getNode(), r.getPid(), r.getFd(),
                    Protocol.fromLabel(r.getProtocol()), r.getCloexec(), r.getSocketId()));
        }
        try (var cursor = db.dsl().select(EXECUTIONS.NODE, EXECUTIONS.PID, EXECUTIONS.ID, EXECUTIONS.TIME_MS,
                        EXECUTIONS.EXE, EXECUTIONS.PATH, EXECUTIONS.ARGV)
                .from(EXECUTIONS).where(EXECUTIONS.SUCCESS.isTrue()).and(EXECUTIONS.PID.isNotNull())
                .orderBy(EXECUTIONS.TIME_MS, EXECUTIONS.ID).fetchLazy()) {
            for (var r : cursor) {
                String path = r.value6();
                tracker.restore(r.value1(), r.value2(), new ProcessImage(r.value3(), r.value4(), r.value5(),
                        path == null ? null : path.substring(path.lastIndexOf('/') + 1),
                        r.value7() == null ? null : List.of(r.value7())));
            }
        }
    }

    @SafeVarargs
    private long max(org.jooq.TableField<?, Long>... ids) {
        long m = 0;
        for (org.jooq.TableField<?, Long> id : ids) {
            Long v = db.dsl().select(org.jooq.impl.DSL.max(id)).from(id.getTable()).fetchOne(0, Long.class);
            if (v != null) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private static List<Field<?>> fields(Table<?> t) {
        return List.of(t.fields());
    }

    // ---- per event ----

    private CaseSources.SourceStats statsOf(io.auditq.parser.input.LogSource source) {
        if (source != lastSource) { // records come source by source: one lookup per source, not per record
            lastSource = source;
            lastStats = stats.computeIfAbsent(sources.idOf(source), k -> new CaseSources.SourceStats());
        }
        return lastStats;
    }

    private void malformed(Malformation m) {
        stats.computeIfAbsent(sources.idOf(m.source()), k -> new CaseSources.SourceStats()).malformed++;
    }

    private void event(AuditEvent raw) {
        AuditRecord first = raw.records().getFirst();
        CaseSources.SourceStats s = statsOf(first.source());
        if (known(raw.key())) {
            if (latePart(raw)) {
                // records that came after their event was closed: its first part is loaded, and a row is not split
                fragments++;
            } else {
                duplicates++;
                s.duplicates++;
            }
            return;
        }
        long id = nextId++;
        int sourceId = sources.idOf(first.source());
        long line = first.line();
        NormalizedEvent e = normalizer.normalize(raw);
        String node = e.node() == null ? "" : e.node();
        s.events++;
        loaded++;
        if ("connect".equals(e.syscall())) { // as the tracker counts them: stored so a case can say it at once
            s.connects++;
            if (e.sockaddr() == null) {
                s.unaddressedConnects++;
            }
        }
        if (scope == Scope.CASE) {
            writeEvent(id, node, e, sourceId, line);
            if (e.paths() != null && e.syscall() != null) {
                writeFiles(id, node, e, sourceId, line);
            }
            writeLogins(id, node, raw, e, sourceId, line);
            writeListener(id, node, raw, e, sourceId, line);
        }
        if ("execve".equals(e.syscall()) || "execveat".equals(e.syscall())) {
            writeExecution(id, node, e, sourceId, line);
        }
        switch (tracker.observe(raw, e, id)) {
            case ConnectionTracker.Attempt a -> writeConnection(id, node, a.attempt(), sourceId);
            case ConnectionTracker.Socket sf -> {
                if (scope == Scope.CASE) {
                    writeSocket(id, node, e, sf.fact(), sourceId, line);
                }
            }
            case ConnectionTracker.Nothing n -> {
            }
        }
        if (loaded % COMMIT_EVERY == 0) {
            commitAll();
        }
    }

    /**
     * A late part of an event rather than a copy of it: it holds only the auxiliary records a kernel event carries
     * after its SYSCALL (PATH, CWD, SOCKADDR, PROCTITLE, …), read after the event was closed (in this run, or in
     * the run that loaded the file before it grew). An event whose SYSCALL, or whose only record, comes again is
     * the same event read twice.
     */
    static boolean latePart(AuditEvent raw) {
        for (AuditRecord r : raw.records()) {
            int t = r.type();
            if (t == RecordTypes.SYSCALL || t < RecordTypes.SYSCALL || t >= RecordTypes.AVC) {
                return false;
            }
        }
        return true;
    }

    /** True when the case (or this run) already holds an event with this key. */
    private boolean known(EventKey key) {
        if (recent.contains(key)) {
            return true;
        }
        String node = RecentEventKeys.node(key);
        long t = key.timeMillis();
        long[] cr = caseRange.get(node);
        long[] rr = recent.span(node);
        // older than what is remembered, but inside what this case or run has read: only the case can tell
        boolean check = (cr != null && t >= cr[0] && t <= cr[1])
                || (rr != null && t >= rr[0] && t <= rr[1] && t < rr[1] - RecentEventKeys.WINDOW_MILLIS);
        boolean found = check && inDatabase(node, key);
        if (!found) {
            recent.add(key);
        }
        return found;
    }

    private boolean inDatabase(String node, EventKey key) {
        flushAll();
        if (eventLane != null) {
            eventLane.sync();
        }
        try {
            for (PreparedStatement ps : lookups) {
                ps.setString(1, node);
                ps.setLong(2, key.timeMillis());
                ps.setLong(3, key.serial());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot read the case database: " + e.getMessage(), e);
        }
    }

    private void writeEvent(long id, String node, NormalizedEvent e, int sourceId, long line) {
        long[] a = e.args();
        String family = null, addr = null;
        Integer port = null;
        if (e.sockaddr() != null) {
            family = e.sockaddr().family();
            switch (e.sockaddr()) {
                case SocketAddress.Inet in -> {
                    addr = in.address();
                    port = in.port();
                }
                case SocketAddress.Unix u -> addr = u.path();
                case SocketAddress.Netlink n -> addr = Long.toString(n.portId());
                case SocketAddress.Other o -> addr = o.hex();
            }
        }
        events.add(id).add(node).add(e.timeMillis()).add(e.serial()).add(String.join(",", e.records()))
                .add(e.arch()).add(e.syscall()).add(e.success()).add(e.exit()).add(e.errno())
                .add(a == null ? null : a[0]).add(a == null ? null : a[1]).add(a == null ? null : a[2])
                .add(a == null ? null : a[3])
                .add(e.pid()).add(e.ppid()).add(e.uid()).add(e.user()).add(e.euid()).add(e.gid()).add(e.auid())
                .add(e.loginUser()).add(e.ses()).add(e.tty()).add(e.comm()).add(e.exe()).add(keys(e))
                .add(family).add(addr).add(port)
                .add(e.problems().isEmpty() ? null : String.join("; ", e.problems()))
                .add(sourceId).add(line);
        events.row();
    }

    private void writeFiles(long id, String node, NormalizedEvent e, int sourceId, long line) {
        FileAccess.Access access = FileAccess.of(e.syscall(), e.args());
        for (PathItem p : e.paths()) {
            files.add(nextFileId++).add(id).add(node).add(e.timeMillis()).add(e.serial()).add(p.item())
                    .add(p.name()).add(e.cwd()).add(p.nametype()).add(p.inode()).add(p.mode()).add(p.ouid())
                    .add(p.ownerName()).add(e.syscall()).add(e.success()).add(e.pid()).add(e.uid()).add(e.auid())
                    .add(e.exe()).add(keys(e)).add(access.access()).add(access.flags()).add(sourceId).add(line);
            files.row();
        }
    }

    private void writeLogins(long id, String node, AuditEvent raw, NormalizedEvent e, int sourceId, long line) {
        for (AuditRecord r : raw.records()) {
            if (!LOGIN_TYPES.contains(r.type())) {
                continue;
            }
            Long auid, ses, oldAuid = null, oldSes = null;
            if (r.type() == RecordTypes.LOGIN) {
                // "old-auid=… auid=…" (kernel 4.x and later) or "old auid=… new auid=…" (older)
                auid = id(r.rawLast("auid"));
                ses = id(r.rawLast("ses"));
                oldAuid = r.has("old-auid") ? id(r.raw("old-auid")) : sameKeyTwice(r, "auid");
                oldSes = r.has("old-ses") ? id(r.raw("old-ses")) : sameKeyTwice(r, "ses");
            } else {
                auid = id(r.raw("auid"));
                ses = id(r.raw("ses"));
            }
            Long uid = id(r.raw("uid"));
            NormalizedEvent.UserMessage m = e.userMessage();
            logins.add(nextLoginId++).add(id).add(node).add(e.timeMillis()).add(e.serial()).add(r.typeName())
                    .add(id(r.raw("pid"))).add(uid).add(name(e.node(), r, "UID", uid))
                    .add(auid).add(name(e.node(), r, "AUID", auid)).add(ses).add(oldAuid).add(oldSes)
                    .add(m == null ? null : m.op()).add(m == null ? null : m.acct()).add(r.text("exe"))
                    .add(m == null ? null : m.hostname()).add(m == null ? null : m.addr())
                    .add(m == null ? null : m.terminal()).add(m == null ? r.raw("res") : m.res())
                    .add(m == null ? null : m.cmd()).add(sourceId).add(line);
            logins.row();
        }
    }

    /** The name a record's own ENRICHED field gives an id, else the account files'; null when neither does. */
    private String name(String node, AuditRecord r, String enriched, Long id) {
        if (id == null) {
            return null;
        }
        String own = r.enriched(enriched);
        return LearnedNames.usable(own) ? own : normalizer.names().user(node, id);
    }

    /** A socket of a process: binds are remembered by it. */
    private record FdKey(String node, long pid, long fd) {
    }

    /** An inet bind(): its row and local address. */
    private record Bound(long id, String family, String addr, int port, String protocol) {
    }

    /** bind (inet/inet6), listen, accept, accept4: the listeners table. */
    private void writeListener(long id, String node, AuditEvent raw, NormalizedEvent e, int sourceId, long line) {
        String sc = e.syscall();
        if (sc == null || e.pid() == null) {
            return;
        }
        switch (sc) {
            case "bind", "listen", "accept", "accept4", "close" -> {
            }
            default -> {
                return;
            }
        }
        long[] args = tracker.argumentsOf(raw, e);
        if (args == null || args[0] < 0) {
            return;
        }
        long fd = args[0];
        FdKey key = new FdKey(node, e.pid(), fd);
        if (sc.equals("close")) {
            binds.remove(key);
            return;
        }
        Protocol known = tracker.protocolOf(e.node(), e.pid(), e.ppid(), fd);
        String protocol = known != null ? known.label() : null;
        Bound bound = null;
        String peerAddr = null;
        Integer peerPort = null;
        if (sc.equals("bind")) {
            if (!(e.sockaddr() instanceof SocketAddress.Inet in)) {
                return; // netlink, unix: not a network listener
            }
            bound = new Bound(id, in.family(), in.address(), in.port(),
                    protocol != null ? protocol : Protocol.UNKNOWN.label());
            if (Boolean.TRUE.equals(e.success())) {
                binds.put(key, bound);
            }
        } else {
            bound = binds.get(key);
            if (bound == null && e.ppid() != null) {
                bound = binds.get(new FdKey(node, e.ppid(), fd)); // bound by the parent, inherited across fork
            }
            if (e.sockaddr() instanceof SocketAddress.Inet in) {
                peerAddr = in.address();
                peerPort = in.port();
            }
        }
        if (protocol == null) {
            protocol = bound != null ? bound.protocol() : Protocol.UNKNOWN.label();
        }
        boolean isAccept = sc.startsWith("accept");
        listeners.add(id).add(node).add(e.timeMillis()).add(e.serial()).add(sc).add(e.pid()).add(e.ppid())
                .add(e.uid()).add(e.user()).add(e.auid()).add(e.loginUser()).add(e.ses()).add(e.exe()).add(e.comm())
                .add(e.success()).add(Outcome.of(e.exit(), e.errno())).add(fd)
                .add(isAccept && e.exit() != null && e.exit() >= 0 ? e.exit() : null)
                .add(bound == null ? null : bound.family()).add(bound == null ? null : bound.addr())
                .add(bound == null ? null : bound.port()).add(peerAddr).add(peerPort).add(protocol)
                .add(bound == null ? null : bound.id()).add(sourceId).add(line);
        listeners.row();
    }

    private void writeExecution(long id, String node, NormalizedEvent e, int sourceId, long line) {
        String path = null;
        if (e.paths() != null) {
            for (PathItem p : e.paths()) {
                if (p.item() == 0) {
                    path = p.name();
                }
            }
        }
        executions.add(id).add(node).add(e.timeMillis()).add(e.serial()).add(e.pid()).add(e.ppid()).add(e.uid())
                .add(e.user()).add(e.euid()).add(e.auid()).add(e.loginUser()).add(e.ses()).add(e.tty())
                .add(e.success()).add(e.errno()).add(e.exe()).add(e.comm()).add(path).add(e.argv()).add(e.argc())
                .add(e.cwd()).add(e.proctitle()).add(keys(e)).add(sourceId).add(line);
        executions.row();
    }

    private void writeSocket(long id, String node, NormalizedEvent e, SocketFact f, int sourceId, long line) {
        sockets.add(id).add(node).add(e.timeMillis()).add(e.serial()).add(f.syscall()).add(e.pid()).add(e.ppid())
                .add(e.uid()).add(e.auid()).add(e.ses()).add(e.exe()).add(e.comm()).add(e.success()).add(e.errno())
                .add(f.fd()).add(f.fromFd()).add(f.domain())
                .add(f.domain() == null ? null : io.auditq.query.connect.SocketConstants.familyName(f.domain()))
                .add(f.type() == null ? null : f.type().intValue())
                .add(f.ipProtocol() == null ? null : f.ipProtocol().intValue())
                .add(f.protocol() == null ? null : f.protocol().label())
                .add(f.nonblock()).add(f.cloexec()).add(sourceId).add(line);
        sockets.row();
    }

    private void writeConnection(long id, String node, ConnectionAttempt a, int sourceId) {
        connections.add(id).add(node).add(a.timeMillis()).add(a.serial()).add(a.syscall()).add(a.socketcall())
                .add(a.pid()).add(a.ppid()).add(a.uid()).add(a.user()).add(a.auid()).add(a.loginUser()).add(a.ses())
                .add(a.exe()).add(a.comm()).add(a.commMismatch()).add(a.fd()).add(a.family()).add(a.mapped())
                .add(a.address()).add(a.port()).add(a.loopback()).add(a.protocol().label()).add(a.basis().label())
                .add(a.socketRef()).add(a.outcome()).add(a.exit()).add(a.executionRef()).add(a.proctitle())
                .add(a.key()).add(sourceId).add(a.line());
        connections.row();
    }

    // ---- end of run ----

    private void finish(boolean buildIndexes) {
        commitAll();
        if (buildIndexes) {
            db.ensureIndexes();
        }
        // an attempt read before the log's first socket() call was marked not-audited: with the whole log read,
        // a node that does audit socket() has those fds unseen instead
        for (String node : tracker.nodesAuditingSockets()) {
            db.dsl().update(CONNECTIONS).set(CONNECTIONS.PROTOCOL_BASIS, ProtocolBasis.UNSEEN.label())
                    .where(CONNECTIONS.NODE.eq(node))
                    .and(CONNECTIONS.PROTOCOL_BASIS.eq(ProtocolBasis.NOT_AUDITED.label())).execute();
        }
        // where the tracker stopped: the next ingest into this case continues from it
        db.dsl().deleteFrom(OPEN_SOCKETS).execute();
        try (RowBatch open = new RowBatch(db.connection(), OPEN_SOCKETS, fields(OPEN_SOCKETS))) {
            for (ConnectionTracker.TrackedSocket s : tracker.openSockets()) {
                open.add(s.node()).add(s.pid()).add(s.fd()).add(s.protocol().label()).add(s.cloexec())
                        .add(s.socketRef());
                open.row();
            }
        }
        ConnectionMinutes.rebuild(db.dsl());
        CaseNames.add(db.dsl(), learned, sources::idOf);
        sources.complete(stats);
        db.dsl().deleteFrom(META).where(META.NAME.eq("scope")).execute();
        db.dsl().insertInto(META, META.NAME, META.SETTING).values("scope", scope.name().toLowerCase()).execute();
        db.commit();
    }

    /** Everything written so far, committed: the lanes' rows, then the loader's own session. */
    private void commitAll() {
        flushAll();
        for (WriteLane lane : new WriteLane[] {eventLane, rowLane}) {
            if (lane != null) {
                lane.commit();
            }
        }
        db.commit();
    }

    private void flushAll() {
        for (RowBatch b : new RowBatch[] {events, executions, sockets, connections, files, logins, listeners}) {
            if (b != null) {
                b.flush();
            }
        }
    }

    private void closeAll() {
        for (RowBatch b : new RowBatch[] {events, executions, sockets, connections, files, logins, listeners}) {
            if (b != null) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    // after a failure (that is what propagates): a lane that failed refuses further jobs
                }
            }
        }
        for (PreparedStatement ps : lookups) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // nothing was pending on a lookup statement
            }
        }
        for (WriteLane lane : new WriteLane[] {eventLane, rowLane}) {
            if (lane != null) {
                lane.close(); // after a failure: rolls back what the lane had not committed
            }
        }
    }

    // ---- helpers ----

    private static String keys(NormalizedEvent e) {
        return e.keys() == null ? null : String.join(",", e.keys());
    }

    private static Long id(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            long v = Long.parseLong(raw);
            return v == -1 || v == AccountNames.UNSET ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The old value in the pre-4.x LOGIN format, where the key appears twice ("old auid=… new auid=…"). */
    private static Long sameKeyTwice(AuditRecord r, String key) {
        String first = r.raw(key), last = r.rawLast(key);
        return first != null && last != null && r.find(key) >= 0 && countKey(r, key) > 1 ? id(first) : null;
    }

    private static int countKey(AuditRecord r, String key) {
        int n = 0;
        for (int i = 0; i < r.fieldCount(); i++) {
            if ((r.fieldKind(i) & AuditRecord.ENRICHED) == 0 && r.fieldKey(i).equals(key)) {
                n++;
            }
        }
        return n;
    }

    private static Set<Integer> codes(String... names) {
        Set<Integer> s = new HashSet<>();
        for (String n : names) {
            int c = RecordTypes.code(n);
            if (c >= 0) {
                s.add(c);
            }
        }
        return Set.copyOf(s);
    }
}
