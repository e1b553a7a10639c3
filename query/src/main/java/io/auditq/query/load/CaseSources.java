package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.InputException;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.schema.jooq.tables.records.SourcesRecord;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static io.auditq.query.schema.jooq.Tables.SOURCES;

/**
 * The inputs of a case and what of each the case already holds. Every input is hashed as it is read (sha256 of
 * the file as stored, and of its content after decompression). A file whose content the case already holds is
 * skipped; a file whose content starts with a known source's whole content (the same audit.log after it grew,
 * or after logrotate renamed or compressed it) is read only from where that source ended, with its lines
 * numbered as in the whole file. Evidence is opened read-only.
 *
 * <p>Without hashing (a one-shot question in memory) sources are only registered, for source_id and line.
 */
final class CaseSources implements AuditLogReader.SourceOpener {
    static final int HEAD = 4096;
    private static final int BUF = 1 << 16;

    /** What became of one input. */
    sealed interface Fate {
        /** Read whole as a new source. */
        record Read(int id) implements Fate {
        }

        /** The case held its beginning (source {@code from}); only the rest was read. */
        record Continued(int id, int from, long offset, long linesBefore) implements Fate {
        }

        /** The case already holds all of it. */
        record Known(int id) implements Fate {
        }
    }

    /** An input's fate, with the source as named. */
    record Outcome(LogSource source, Fate fate) {
    }

    /** A complete source the case holds, as identity checks need it. */
    private record Known(int id, String name, long contentSize, String contentSha256, String headSha256,
                         String sha256, long linesEnd) {
    }

    /** Per-input state while it is read. */
    private static final class Reading {
        final int id;
        final LogSource source;
        MessageDigest content;    // of all content bytes (continued from the known prefix)
        MessageDigest ingested;   // of the bytes read now
        String rawSha;            // stored-bytes hash computed before reading (gzip)
        long rawSize = -1;
        long offset;
        long linesBefore;
        long firstLine = 1;
        Integer continues;
        boolean gzip;
        byte[] head;
        CountingDigestStream stream;
        long lines;
        boolean readError;

        Reading(int id, LogSource source) {
            this.id = id;
            this.source = source;
        }
    }

    private final CaseDatabase db;
    private final boolean hashing;
    private final List<Known> known = new ArrayList<>();
    private final Map<Integer, Reading> byOrdinal = new HashMap<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private int nextId;

    CaseSources(CaseDatabase db, boolean hashing) {
        this.db = db;
        this.hashing = hashing;
        for (SourcesRecord r : db.dsl().selectFrom(SOURCES).orderBy(SOURCES.ID).fetch()) {
            nextId = Math.max(nextId, r.getId());
            if (Boolean.TRUE.equals(r.getComplete()) && r.getContentSha256() != null) {
                known.add(new Known(r.getId(), r.getName(), r.getContentSize(), r.getContentSha256(),
                        r.getHeadSha256(), r.getSha256(), r.getFirstLine() - 1 + nz(r.getLines())));
            }
        }
        nextId++;
    }

    /** The source id rows of this input carry, or -1 when it is not being read. */
    int idOf(LogSource source) {
        Reading r = byOrdinal.get(source.ordinal());
        return r == null ? -1 : r.id;
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    @Override
    public AuditLogReader.Opened open(LogSource source) throws IOException {
        if (!hashing) {
            Reading r = register(source);
            r.stream = new CountingDigestStream(LogInputs.open(source), null, null);
            insert(r);
            outcomes.add(new Outcome(source, new Fate.Read(r.id)));
            return new AuditLogReader.Opened(r.stream, 0);
        }
        if (source.path() == null) {
            Reading r = register(source);
            r.content = sha256();
            r.ingested = sha256();
            r.head = new byte[0];
            r.stream = new CountingDigestStream(LogInputs.open(source), r.content, r.ingested);
            r.stream.captureHead();
            insert(r);
            outcomes.add(new Outcome(source, new Fate.Read(r.id)));
            return new AuditLogReader.Opened(r.stream, 0);
        }
        return openFile(source);
    }

    private AuditLogReader.Opened openFile(LogSource source) throws IOException {
        Path path = source.path();
        boolean gzip = isGzip(path);
        String rawSha = null;
        long rawSize = Files.size(path);
        if (gzip) {
            rawSha = hashWhole(path);
            for (Known k : known) {
                if (rawSha.equals(k.sha256())) {
                    outcomes.add(new Outcome(source, new Fate.Known(k.id())));
                    return null;
                }
            }
        }
        byte[] head = readHead(path, gzip);
        // Candidates: known sources whose whole content could be this file's beginning.
        List<Known> candidates = new ArrayList<>();
        for (Known k : known) {
            if (k.contentSize() > 0 && (gzip || k.contentSize() <= rawSize)
                    && headSha(head, (int) Math.min(HEAD, k.contentSize())).equals(k.headSha256())) {
                candidates.add(k);
            }
        }
        Known best = null;
        MessageDigest atBest = null;
        boolean endsWithNewline = true;
        boolean identical = false;
        if (!candidates.isEmpty()) {
            candidates.sort((a, b) -> Long.compare(a.contentSize(), b.contentSize()));
            MessageDigest d = sha256();
            try (InputStream in = content(path, gzip)) {
                byte[] buf = new byte[BUF];
                long pos = 0;
                int ci = 0;
                byte last = '\n';
                while (ci < candidates.size()) {
                    Known k = candidates.get(ci);
                    if (k.contentSize() < pos) {
                        ci++; // passed by the look-ahead byte below
                        continue;
                    }
                    if (k.contentSize() == pos) {
                        ci++;
                        if (hex(clone(d).digest()).equals(k.contentSha256())) {
                            best = k;
                            atBest = clone(d);
                            endsWithNewline = last == '\n';
                            int next = in.read(); // one more byte tells a continuation from the same content
                            identical = next < 0;
                            if (next >= 0) {
                                d.update((byte) next);
                                pos++;
                                last = (byte) next;
                            }
                        }
                        continue;
                    }
                    int n = in.read(buf, 0, (int) Math.min(buf.length, k.contentSize() - pos));
                    if (n < 0) {
                        break;
                    }
                    d.update(buf, 0, n);
                    pos += n;
                    last = buf[n - 1];
                }
            }
        }
        if (best != null && identical) {
            outcomes.add(new Outcome(source, new Fate.Known(best.id())));
            return null;
        }
        Reading r = register(source);
        r.gzip = gzip;
        r.rawSha = rawSha;
        r.rawSize = rawSize;
        r.head = head;
        r.ingested = sha256();
        InputStream in;
        if (best != null) {
            r.offset = best.contentSize();
            r.continues = best.id();
            r.linesBefore = best.linesEnd() - (endsWithNewline ? 0 : 1);
            r.firstLine = r.linesBefore + 1;
            r.content = atBest;
            if (gzip) {
                in = content(path, true);
                in.skipNBytes(r.offset);
            } else {
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                ch.position(r.offset);
                in = new BufferedInputStream(Channels.newInputStream(ch), BUF);
            }
            outcomes.add(new Outcome(source, new Fate.Continued(r.id, best.id(), r.offset, r.linesBefore)));
        } else {
            r.content = sha256();
            in = content(path, gzip);
            outcomes.add(new Outcome(source, new Fate.Read(r.id)));
        }
        r.stream = new CountingDigestStream(in, r.content, r.ingested);
        insert(r);
        return new AuditLogReader.Opened(r.stream, r.linesBefore);
    }

    @Override
    public void finished(LogSource source, long lines, IOException error) {
        Reading r = byOrdinal.get(source.ordinal());
        if (r == null) {
            return;
        }
        r.lines = lines;
        r.readError = error != null;
        if (hashing && !r.readError) {
            String contentSha = hex(clone(r.content).digest());
            long contentSize = r.offset + r.stream.count;
            byte[] head = r.source.path() == null ? r.stream.head() : r.head;
            known.add(new Known(r.id, source.name(), contentSize, contentSha,
                    headSha(head, (int) Math.min(HEAD, contentSize)), r.gzip ? r.rawSha : contentSha,
                    r.linesBefore + lines));
        }
    }

    /** Writes what was learned of each source read; {@code stats} gives the events loaded per source id. */
    void complete(Map<Integer, SourceStats> stats) {
        for (Reading r : byOrdinal.values()) {
            SourceStats s = stats.getOrDefault(r.id, new SourceStats());
            var u = db.dsl().update(SOURCES)
                    .set(SOURCES.LINES, r.lines)
                    .set(SOURCES.EVENTS, s.events)
                    .set(SOURCES.EVENTS_KNOWN, s.duplicates)
                    .set(SOURCES.MALFORMED, s.malformed)
                    .set(SOURCES.CONNECT_EVENTS, s.connects)
                    .set(SOURCES.UNADDRESSED_CONNECTS, s.unaddressedConnects)
                    .set(SOURCES.FIRST_TIME_MS, s.first == Long.MAX_VALUE ? null : s.first)
                    .set(SOURCES.LAST_TIME_MS, s.last == Long.MIN_VALUE ? null : s.last)
                    .set(SOURCES.COMPLETE, !r.readError);
            if (hashing && r.stream != null) {
                String contentSha = hex(clone(r.content).digest());
                long contentSize = r.offset + r.stream.count;
                byte[] head = r.source.path() == null ? r.stream.head() : r.head;
                u = u.set(SOURCES.CONTENT_SHA256, contentSha)
                        .set(SOURCES.CONTENT_SIZE, contentSize)
                        .set(SOURCES.HEAD_SHA256, headSha(head, (int) Math.min(HEAD, contentSize)))
                        .set(SOURCES.SHA256, r.gzip ? r.rawSha : contentSha)
                        .set(SOURCES.SIZE, r.gzip ? r.rawSize : contentSize)
                        .set(SOURCES.INGESTED_SIZE, r.stream.count)
                        .set(SOURCES.INGESTED_SHA256, hex(clone(r.ingested).digest()));
            } else if (r.stream != null) {
                u = u.set(SOURCES.INGESTED_SIZE, r.stream.count);
            }
            u.where(SOURCES.ID.eq(r.id)).execute();
        }
    }

    /** Per-source counts the loader keeps. */
    static final class SourceStats {
        long events;
        long duplicates;
        long malformed;
        long connects;
        long unaddressedConnects;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    // ---- helpers ----

    private Reading register(LogSource source) {
        Reading r = new Reading(nextId++, source);
        byOrdinal.put(source.ordinal(), r);
        return r;
    }

    private void insert(Reading r) {
        LogSource s = r.source;
        db.dsl().insertInto(SOURCES)
                .set(SOURCES.ID, r.id)
                .set(SOURCES.NAME, s.name())
                .set(SOURCES.PATH, s.path() == null ? null : s.path().toAbsolutePath().normalize().toString())
                .set(SOURCES.GZIP, r.gzip)
                .set(SOURCES.SIZE, r.rawSize >= 0 ? r.rawSize : null)
                .set(SOURCES.CONTINUES_SOURCE, r.continues)
                .set(SOURCES.INGESTED_OFFSET, r.offset)
                .set(SOURCES.FIRST_LINE, r.firstLine)
                .set(SOURCES.INGESTED_AT_MS, System.currentTimeMillis())
                .set(SOURCES.COMPLETE, false)
                .execute();
        db.commit();
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (NoSuchFileException e) {
            throw new InputException(p + ": no such file");
        }
    }

    private static InputStream content(Path p, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p, StandardOpenOption.READ), BUF);
        return gzip ? new GZIPInputStream(raw, BUF) : raw;
    }

    private static byte[] readHead(Path p, boolean gzip) throws IOException {
        try (InputStream in = content(p, gzip)) {
            return in.readNBytes(HEAD);
        }
    }

    private static String hashWhole(Path p) throws IOException {
        MessageDigest d = sha256();
        byte[] buf = new byte[BUF];
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return hex(d.digest());
    }

    static String headSha(byte[] head, int length) {
        MessageDigest d = sha256();
        d.update(head, 0, Math.min(length, head.length));
        return hex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Counts and hashes what passes through; optionally keeps the first {@link #HEAD} bytes. */
    static final class CountingDigestStream extends FilterInputStream {
        private final MessageDigest a;
        private final MessageDigest b;
        long count;
        private byte[] head;
        private int headLen;

        CountingDigestStream(InputStream in, MessageDigest a, MessageDigest b) {
            super(in);
            this.a = a;
            this.b = b;
        }

        void captureHead() {
            head = new byte[HEAD];
        }

        byte[] head() {
            return head == null ? new byte[0] : Arrays.copyOf(head, headLen);
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                byte[] one = {(byte) c};
                update(one, 0, 1);
            }
            return c;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                update(buf, off, n);
            }
            return n;
        }

        private void update(byte[] buf, int off, int n) {
            if (a != null) {
                a.update(buf, off, n);
            }
            if (b != null) {
                b.update(buf, off, n);
            }
            if (head != null && headLen < HEAD) {
                int k = Math.min(n, HEAD - headLen);
                System.arraycopy(buf, off, head, headLen, k);
                headLen += k;
            }
            count += n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping would leave bytes out of the hashes: read them instead
            byte[] buf = new byte[(int) Math.min(n, BUF)];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
