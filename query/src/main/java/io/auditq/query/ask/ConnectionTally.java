package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import io.auditq.query.connect.ConnectionAttempt;
import io.auditq.query.connect.Outcome;
import io.auditq.query.connect.ConnectionTracker;
import io.auditq.query.connect.ProtocolBasis;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connections answer tallied from attempts as they are read, without a database: the one-shot path. It
 * gives what {@link ConnectionQuestion} gives from a case database (the same rows, summary and hidden counts;
 * tests and the benchmark compare the two), in one pass and bounded memory: past {@link #DEFAULT_LIMIT} groups,
 * groups are sorted to temporary files and merged at the end, so ten million distinct destinations need disk,
 * not heap.
 */
public final class ConnectionTally implements AutoCloseable {
    /**
     * Groups (and rows) held in memory before a batch is sorted to disk: one per 2 KiB of the heap's limit (262,144
     * in the launcher's 512 MB; a group and its row take ~400 bytes each, and both may be held at the end), at
     * least 65,536. A 1 GB log with 189 k distinct destinations then needs no disk, which saved 1.5 s of 8 s.
     */
    public static final int DEFAULT_LIMIT = Integer.getInteger("auditq.tallyLimit",
            (int) Math.clamp(Runtime.getRuntime().maxMemory() / 2048, 1 << 16, 1 << 20));

    private static final int SHOWN = 0, LOOPBACK = 1, PROTOCOL = 2;

    private final ConnectionQuestion.Filter filter;
    private final int limit;
    private final Map<Key, Group> groups = new HashMap<>();
    private final SortedSpill<Group> spilled;
    private final Map<String, String> strings = new HashMap<>();
    private SortedSpill<OutboundConnection> rows;
    private long ordinal;

    public ConnectionTally(ConnectionQuestion.Filter filter) {
        this(filter, DEFAULT_LIMIT);
    }

    /** @param limit groups held in memory before a batch is sorted to disk (several tallies at once share a heap) */
    public ConnectionTally(ConnectionQuestion.Filter filter, int limit) {
        this.filter = filter;
        this.limit = limit;
        this.spilled = new SortedSpill<>(KEY_ORDER, GROUP_CODEC, Integer.MAX_VALUE);
    }

    /** One attempt, in log order. */
    public void add(ConnectionAttempt a) {
        if (filter.window().contains(a.timeMillis())) {
            add(a, ordinal++, 1, a.timeMillis(), a.timeMillis(), a.commMismatch());
        }
    }

    /**
     * Attempts counted already (a case's per-minute groups, and its rows for the minutes the window cuts), in
     * any order: {@code first} is the earliest of them, at {@code place} in log order (its connections.id), and
     * the row of the earliest place across all runs of a key gives the row's details. The caller keeps to the
     * window.
     */
    public void add(ConnectionAttempt first, long place, long attempts, long firstMillis, long lastMillis,
                    Boolean anyMismatch) {
        String proto = first.protocol().label();
        boolean protoShown = filter.protocols() == null || filter.protocols().contains(first.protocol());
        int kind = first.loopback() && !filter.includeLoopback() ? (protoShown ? LOOPBACK : PROTOCOL)
                : protoShown ? SHOWN : PROTOCOL;
        Key key = kind == SHOWN
                ? new Key(first.address(), first.port(), proto, kind, first.node() == null ? "" : first.node(),
                first.pid(), first.exe(), first.uid(), first.auid())
                : new Key(first.address(), first.port(), proto, kind, "", null, null, null, null);
        Group g = groups.get(key);
        if (g == null) {
            g = new Group(intern(key), place, firstMillis);
            if (kind == SHOWN) {
                g.detail(first, this::intern);
            }
            groups.put(g.key, g);
        } else if (place < g.firstOrdinal) {
            g.firstOrdinal = place;
            if (kind == SHOWN) {
                g.detail(first, this::intern);
            }
        }
        g.count += attempts;
        g.first = Math.min(g.first, firstMillis);
        g.last = Math.max(g.last, lastMillis);
        if (kind == SHOWN) {
            g.mismatch = ConnectionTracker.anyMismatch(g.mismatch, anyMismatch);
            g.outcome(intern(first.outcome()), attempts);
        }
        if (groups.size() >= limit) {
            spill(); // after the attempts are counted: the group goes to disk whole
        }
    }

    private void spill() {
        for (Group g : groups.values()) {
            spilled.add(g);
        }
        groups.clear();
        spilled.flush();
        strings.clear(); // what the next batch repeats is interned again; this keeps the table bounded too
    }

    /** True when the groups did not fit in memory and were sorted on disk. */
    public boolean spilledToDisk() {
        return spilled.spilled() || (rows != null && rows.spilled());
    }

    /**
     * The answer, after the last attempt.
     *
     * @param auditingNodes nodes whose log showed a socket() call (an attempt read before the first one is
     *                      "not-audited", and becomes "unseen" once the node is known to audit socket())
     * @param names         names for uids the attempts do not name (the query's --passwd), or null
     */
    public ConnectionQuestion.Answer answer(Collection<String> auditingNodes, AccountNames names) {
        Set<String> auditing = new HashSet<>(auditingNodes);
        Iterator<Group> sorted;
        if (spilled.spilled()) {
            spill();
            sorted = spilled.iterator();
        } else {
            List<Group> all = new ArrayList<>(groups.values());
            groups.clear();
            all.sort(KEY_ORDER);
            sorted = all.iterator();
        }
        rows = new SortedSpill<>(OutboundConnection.ORDER, ROW_CODEC, limit);
        long destinations = 0, attempts = 0, loopAttempts = 0, loopDestinations = 0;
        Long first = null, last = null;
        Set<List<Object>> processes = new HashSet<>(), users = new HashSet<>();
        Map<String, long[]> byProtocol = new TreeMap<>();
        Group previousShown = null;
        Group g = sorted.hasNext() ? sorted.next() : null;
        while (g != null) {
            // the same key from several runs: fold it
            Group next = sorted.hasNext() ? sorted.next() : null;
            while (next != null && KEY_ORDER.compare(g, next) == 0) {
                g.merge(next);
                next = sorted.hasNext() ? sorted.next() : null;
            }
            Key k = g.key;
            switch (k.kind()) {
                case SHOWN -> {
                    if (previousShown == null || !sameDestination(previousShown.key, k)) {
                        destinations++;
                    }
                    previousShown = g;
                    attempts += g.count;
                    first = first == null ? g.first : Math.min(first, g.first);
                    last = last == null ? g.last : Math.max(last, g.last);
                    String node = k.node().isEmpty() ? null : k.node();
                    processes.add(Arrays.asList(node, k.pid()));
                    users.add(Arrays.asList(node, k.uid()));
                    rows.add(g.row(auditing, names));
                }
                case LOOPBACK -> {
                    loopAttempts += g.count;
                    loopDestinations++;
                }
                default -> {
                    long[] p = byProtocol.computeIfAbsent(k.protocol(), x -> new long[2]);
                    p[0] += g.count;
                    p[1]++;
                }
            }
            g = next;
        }
        spilled.close();
        SortedSpill<OutboundConnection> out = rows;
        ConnectionRows answerRows = new ConnectionRows() {
            @Override
            public long size() {
                return out.size();
            }

            @Override
            public Iterator<OutboundConnection> iterator() {
                return out.iterator();
            }
        };
        return new ConnectionQuestion.Answer(answerRows,
                new ConnectionSummary(destinations, attempts, processes.size(), users.size(), first, last),
                new ConnectionQuestion.Hidden(loopAttempts, loopDestinations, byProtocol));
    }

    @Override
    public void close() {
        spilled.close();
        if (rows != null) {
            rows.close();
        }
    }

    private static boolean sameDestination(Key a, Key b) {
        return a.port() == b.port() && a.dst().equals(b.dst()) && a.protocol().equals(b.protocol());
    }

    /** One copy of each repeated string (exe, comm, user, node …), so a hundred thousand groups share them. */
    private String intern(String s) {
        if (s == null) {
            return null;
        }
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private Key intern(Key k) {
        return new Key(k.dst(), k.port(), intern(k.protocol()), k.kind(), intern(k.node()), k.pid(), intern(k.exe()),
                k.uid(), k.auid());
    }

    /** What a row groups by; the hidden kinds group by destination only. */
    private record Key(String dst, int port, String protocol, int kind, String node, Long pid, String exe, Long uid,
                       Long auid) {
    }

    /** Destination first, so distinct destinations are counted by comparing neighbours. */
    private static final Comparator<Group> KEY_ORDER = (x, y) -> compareKeys(x.key, y.key);

    // written out rather than chained lambdas: a million groups are sorted with it, and merged from disk
    private static int compareKeys(Key a, Key b) {
        int c = a.dst().compareTo(b.dst());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.port(), b.port());
        if (c != 0) {
            return c;
        }
        c = a.protocol().compareTo(b.protocol());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.kind(), b.kind());
        if (c != 0) {
            return c;
        }
        c = a.node().compareTo(b.node());
        if (c != 0) {
            return c;
        }
        c = OutboundConnection.nullsFirst(a.pid(), b.pid());
        if (c != 0) {
            return c;
        }
        c = OutboundConnection.nullsFirst(a.exe(), b.exe());
        if (c != 0) {
            return c;
        }
        c = OutboundConnection.nullsFirst(a.uid(), b.uid());
        return c != 0 ? c : OutboundConnection.nullsFirst(a.auid(), b.auid());
    }

    /** The attempts of one key so far. */
    private static final class Group {
        final Key key;
        long count;
        long first;
        long last;
        Boolean mismatch = Boolean.FALSE;
        /** The first attempt's place in the log: its details are the row's (as the case database takes min(id)). */
        long firstOrdinal;
        // outcomes, most rows have one
        String[] outcomes = new String[1];
        long[] outcomeCounts = new long[1];
        int outcomeCount;
        // the first attempt's details
        Long ppid;
        String comm;
        Long ses;
        String user;
        String loginUser;
        String family;
        boolean mapped;
        boolean loopback;
        String basis;
        String source;
        List<String> argv;

        Group(Key key, long ordinal, long time) {
            this.key = key;
            this.firstOrdinal = ordinal;
            this.first = time;
            this.last = time;
        }

        void detail(ConnectionAttempt a, java.util.function.UnaryOperator<String> intern) {
            ppid = a.ppid();
            comm = intern.apply(a.comm());
            ses = a.ses();
            user = intern.apply(a.user());
            loginUser = intern.apply(a.loginUser());
            family = intern.apply(a.family());
            mapped = a.mapped();
            loopback = a.loopback();
            basis = intern.apply(a.basis().label());
            source = (a.source() == null ? "?" : a.source().name()) + ":" + a.line();
            argv = a.argv();
        }

        void outcome(String o, long n) {
            for (int i = 0; i < outcomeCount; i++) {
                if (outcomes[i].equals(o)) {
                    outcomeCounts[i] += n;
                    return;
                }
            }
            if (outcomeCount == outcomes.length) {
                outcomes = Arrays.copyOf(outcomes, outcomeCount * 2);
                outcomeCounts = Arrays.copyOf(outcomeCounts, outcomeCount * 2);
            }
            outcomes[outcomeCount] = o;
            outcomeCounts[outcomeCount++] = n;
        }

        /** Folds in the same key's group from another run. */
        void merge(Group o) {
            count += o.count;
            first = Math.min(first, o.first);
            last = Math.max(last, o.last);
            mismatch = ConnectionTracker.anyMismatch(mismatch, o.mismatch);
            for (int i = 0; i < o.outcomeCount; i++) {
                outcome(o.outcomes[i], o.outcomeCounts[i]);
            }
            if (o.firstOrdinal < firstOrdinal) {
                firstOrdinal = o.firstOrdinal;
                ppid = o.ppid;
                comm = o.comm;
                ses = o.ses;
                user = o.user;
                loginUser = o.loginUser;
                family = o.family;
                mapped = o.mapped;
                loopback = o.loopback;
                basis = o.basis;
                source = o.source;
                argv = o.argv;
            }
        }

        OutboundConnection row(Set<String> auditingNodes, AccountNames names) {
            String node = key.node().isEmpty() ? null : key.node();
            String u = user, lu = loginUser;
            if (names != null) {
                if (u == null && key.uid() != null) {
                    u = names.user(node, key.uid());
                }
                if (lu == null && key.auid() != null) {
                    lu = names.user(node, key.auid());
                }
            }
            String b = basis;
            if (ProtocolBasis.NOT_AUDITED.label().equals(b) && auditingNodes.contains(key.node())) {
                b = ProtocolBasis.UNSEEN.label();
            }
            Map<String, Long> mix = new HashMap<>();
            for (int i = 0; i < outcomeCount; i++) {
                mix.merge(outcomes[i], outcomeCounts[i], Long::sum);
            }
            return new OutboundConnection(first, last, count, key.dst(), key.port(), key.protocol(), Outcome.mix(mix),
                    key.pid(), ppid, key.exe(), comm, key.uid(), u, key.auid(), lu, ses, node, argv, mismatch, b,
                    family, mapped, loopback, source, null);
        }
    }

    private static final SortedSpill.Codec<Group> GROUP_CODEC = new SortedSpill.Codec<>() {
        @Override
        public void write(DataOutput out, Group g) throws IOException {
            Key k = g.key;
            SortedSpill.writeString(out, k.dst());
            out.writeInt(k.port());
            SortedSpill.writeString(out, k.protocol());
            out.writeByte(k.kind());
            SortedSpill.writeString(out, k.node());
            SortedSpill.writeLong(out, k.pid());
            SortedSpill.writeString(out, k.exe());
            SortedSpill.writeLong(out, k.uid());
            SortedSpill.writeLong(out, k.auid());
            out.writeLong(g.count);
            out.writeLong(g.first);
            out.writeLong(g.last);
            writeMaybe(out, g.mismatch);
            out.writeLong(g.firstOrdinal);
            out.writeInt(g.outcomeCount);
            for (int i = 0; i < g.outcomeCount; i++) {
                SortedSpill.writeString(out, g.outcomes[i]);
                out.writeLong(g.outcomeCounts[i]);
            }
            SortedSpill.writeLong(out, g.ppid);
            SortedSpill.writeString(out, g.comm);
            SortedSpill.writeLong(out, g.ses);
            SortedSpill.writeString(out, g.user);
            SortedSpill.writeString(out, g.loginUser);
            SortedSpill.writeString(out, g.family);
            out.writeBoolean(g.mapped);
            out.writeBoolean(g.loopback);
            SortedSpill.writeString(out, g.basis);
            SortedSpill.writeString(out, g.source);
            writeList(out, g.argv);
        }

        @Override
        public Group read(DataInput in) throws IOException {
            Key k = new Key(SortedSpill.readString(in), in.readInt(), SortedSpill.readString(in), in.readByte(),
                    SortedSpill.readString(in), SortedSpill.readLong(in), SortedSpill.readString(in),
                    SortedSpill.readLong(in), SortedSpill.readLong(in));
            long count = in.readLong(), first = in.readLong(), last = in.readLong();
            Boolean mismatch = readMaybe(in);
            Group g = new Group(k, in.readLong(), first);
            g.count = count;
            g.last = last;
            g.mismatch = mismatch;
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                g.outcome(SortedSpill.readString(in), in.readLong());
            }
            g.ppid = SortedSpill.readLong(in);
            g.comm = SortedSpill.readString(in);
            g.ses = SortedSpill.readLong(in);
            g.user = SortedSpill.readString(in);
            g.loginUser = SortedSpill.readString(in);
            g.family = SortedSpill.readString(in);
            g.mapped = in.readBoolean();
            g.loopback = in.readBoolean();
            g.basis = SortedSpill.readString(in);
            g.source = SortedSpill.readString(in);
            g.argv = readList(in);
            return g;
        }
    };

    private static final SortedSpill.Codec<OutboundConnection> ROW_CODEC = new SortedSpill.Codec<>() {
        @Override
        public void write(DataOutput out, OutboundConnection r) throws IOException {
            out.writeLong(r.firstSeen());
            out.writeLong(r.lastSeen());
            out.writeLong(r.count());
            SortedSpill.writeString(out, r.dstAddr());
            out.writeInt(r.dstPort());
            SortedSpill.writeString(out, r.protocol());
            SortedSpill.writeString(out, r.outcome());
            SortedSpill.writeLong(out, r.pid());
            SortedSpill.writeLong(out, r.ppid());
            SortedSpill.writeString(out, r.exe());
            SortedSpill.writeString(out, r.comm());
            SortedSpill.writeLong(out, r.uid());
            SortedSpill.writeString(out, r.user());
            SortedSpill.writeLong(out, r.auid());
            SortedSpill.writeString(out, r.loginUser());
            SortedSpill.writeLong(out, r.ses());
            SortedSpill.writeString(out, r.node());
            writeList(out, r.argv());
            writeMaybe(out, r.commMismatch());
            SortedSpill.writeString(out, r.protocolBasis());
            SortedSpill.writeString(out, r.family());
            out.writeBoolean(r.mapped());
            out.writeBoolean(r.loopback());
            SortedSpill.writeString(out, r.source());
        }

        @Override
        public OutboundConnection read(DataInput in) throws IOException {
            return new OutboundConnection(in.readLong(), in.readLong(), in.readLong(), SortedSpill.readString(in),
                    in.readInt(), SortedSpill.readString(in), SortedSpill.readString(in), SortedSpill.readLong(in),
                    SortedSpill.readLong(in), SortedSpill.readString(in), SortedSpill.readString(in),
                    SortedSpill.readLong(in), SortedSpill.readString(in), SortedSpill.readLong(in),
                    SortedSpill.readString(in), SortedSpill.readLong(in), SortedSpill.readString(in), readList(in),
                    readMaybe(in), SortedSpill.readString(in), SortedSpill.readString(in), in.readBoolean(),
                    in.readBoolean(), SortedSpill.readString(in), null);
        }
    };

    /** A Boolean that may be null (not known): one byte, 0 false, 1 true, 2 null. */
    private static void writeMaybe(DataOutput out, Boolean b) throws IOException {
        out.writeByte(b == null ? 2 : b ? 1 : 0);
    }

    private static Boolean readMaybe(DataInput in) throws IOException {
        byte b = in.readByte();
        return b == 2 ? null : b == 1;
    }

    private static void writeList(DataOutput out, List<String> list) throws IOException {
        out.writeInt(list == null ? -1 : list.size());
        if (list != null) {
            for (String s : list) {
                SortedSpill.writeString(out, s);
            }
        }
    }

    private static List<String> readList(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SortedSpill.readString(in));
        }
        return out;
    }
}
