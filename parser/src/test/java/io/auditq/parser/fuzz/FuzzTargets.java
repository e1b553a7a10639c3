package io.auditq.parser.fuzz;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.input.LineReader;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.ProcessArgs;
import io.auditq.parser.normal.SockaddrDecoder;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Hex;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;
import io.auditq.parser.record.RecordSink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies of the parser's fuzz targets, with their invariants, as plain methods: {@link ParserFuzzTest}
 * drives them with Jazzer, and {@link FuzzTargetsOverCorpusTest} with every line of the real corpus.
 * Each throws AssertionError when an invariant beyond "no exception" breaks.
 */
public final class FuzzTargets {
    /** A small line cap, so fuzzed inputs reach the over-long-line path without megabytes of input. */
    static final int SMALL_MAX_LINE = 512;
    private static final LogSource SOURCE = new LogSource("fuzz", null, 0);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzTargets() {
    }

    /** (a) bytes → lines → records; every line accounted for; every field accessor on every record. */
    public static void lineParser(byte[] input, int maxLine) {
        ParseStats stats = new ParseStats();
        List<AuditRecord> records = new ArrayList<>();
        long[] malformed = {0};
        RecordParser parser = new RecordParser(RecordSink.of(records::add, m -> {
            malformed[0]++;
            check(m.snippet().length() <= Malformation.SNIPPET_MAX + 1, "snippet unbounded: " + m.snippet().length());
            check(m.line() >= 1, "line number " + m.line());
        }), stats);
        long delivered;
        try {
            delivered = new LineReader(maxLine).read(SOURCE, new ByteArrayInputStream(input), parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long expected = physicalLines(input);
        check(delivered == expected, "LineReader delivered " + delivered + " lines, the input has " + expected);
        accounted(stats, expected);
        check(malformed[0] == stats.malformed, "malformed reported " + malformed[0] + " != counted " + stats.malformed);
        check(records.size() == stats.records, "records " + records.size() + " != counted " + stats.records);
        for (AuditRecord r : records) {
            touchEveryField(r);
        }
    }

    /** (b) Hex.decode/encode round trip, and Hex.text: lossless for valid UTF-8, never U+FFFD from nothing. */
    public static void hex(byte[] input) {
        byte[] decoded = Hex.decode(input, 0, input.length);
        boolean allHex = input.length > 0 && input.length % 2 == 0 && Hex.isHex(input, 0, input.length);
        check((decoded != null) == allHex, "decode returned " + (decoded == null ? "null" : "bytes")
                + " for hex=" + allHex);
        if (decoded != null) {
            String again = Hex.encode(decoded);
            check(again.equalsIgnoreCase(new String(input, StandardCharsets.ISO_8859_1)), "hex round trip broke");
        }
        String text = Hex.text(input);
        String strict = strictUtf8(input);
        if (strict != null) {
            check(text.equals(strict), "valid UTF-8 not kept as is");
            check(Arrays.equals(text.getBytes(StandardCharsets.UTF_8), input), "valid UTF-8 does not round-trip");
        } else {
            check(text.indexOf('\uFFFD') < 0 || containsReplacementBytes(input), "U+FFFD invented for invalid bytes");
        }
        // a slice decodes the same as a copy of it
        if (input.length > 2) {
            int off = (input[0] & 0xff) % input.length;
            int len = Math.min(input.length - off, input[1] & 0xff);
            check(Hex.text(input, off, len).equals(Hex.text(Arrays.copyOfRange(input, off, off + len))),
                    "text(slice) differs from text(copy)");
        }
    }

    /** (c) SOCKADDR decoding in both byte orders and with the order unknown; from bytes and from hex text. */
    public static void sockaddr(byte[] input) {
        for (Boolean big : new Boolean[] {Boolean.TRUE, Boolean.FALSE, null}) {
            SockaddrDecoder.Result r = SockaddrDecoder.decode(input, big);
            check(r != null, "null result");
            check(r.address() != null || r.problem() != null, "neither an address nor a problem");
            if (r.address() instanceof SocketAddress.Inet inet) {
                check(inet.port() >= 0 && inet.port() <= 0xffff, "port " + inet.port());
                check(inet.address() != null && !inet.address().isEmpty(), "empty inet address");
            }
            if (r.address() != null) {
                check(r.address().family() != null, "null family");
            }
            SockaddrDecoder.Result fromHex = SockaddrDecoder.decode(Hex.encode(input), big);
            if (input.length > 0) {
                check(fromHex.equals(r), "hex text and bytes decode differently");
            }
        }
        // arbitrary text where hex is expected: never an exception
        SockaddrDecoder.decode(new String(input, StandardCharsets.ISO_8859_1), null);
    }

    /** (d) EXECVE reassembly over records parsed from fuzzed EXECVE bodies (split into records at '\n'). */
    public static void execve(byte[] input) {
        List<AuditRecord> records = new ArrayList<>();
        RecordParser parser = new RecordParser(RecordSink.of(records::add, m -> { }), new ParseStats());
        int start = 0;
        long line = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                byte[] head = "type=EXECVE msg=audit(1700000000.123:42): ".getBytes(StandardCharsets.US_ASCII);
                byte[] l = new byte[head.length + i - start];
                System.arraycopy(head, 0, l, 0, head.length);
                System.arraycopy(input, start, l, head.length, i - start);
                parser.line(SOURCE, ++line, l, 0, l.length, false);
                start = i + 1;
            }
        }
        if (records.isEmpty()) {
            return;
        }
        int fields = 0;
        for (AuditRecord r : records) {
            fields += r.fieldCount();
        }
        ProcessArgs.Argv argv = ProcessArgs.fromExecve(records);
        long used = allocatedBy(() -> ProcessArgs.fromExecve(records));
        check(argv != null, "null argv for " + records.size() + " records");
        check(argv.args().size() <= fields, argv.args().size() + " args from " + fields + " fields");
        check(argv.argc() < 0 || argv.args().size() <= argv.argc() || argv.problem() != null,
                "more args than argc, and no problem noted");
        check(used <= allocationBound(input.length), "reassembly allocated " + used + " bytes for "
                + input.length + " input bytes");
    }

    /** (e) The whole reader (file → gzip sniffing → lines → records → events) and the normalizer. */
    public static void wholeReader(java.nio.file.Path file, byte[] content, int capacity) {
        try {
            java.nio.file.Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventNormalizer normalizer = new EventNormalizer(AccountNames.fromLogOnly());
        long[] recordsInEvents = {0};
        long[] problems = {0};
        List<NormalizedEvent> sample = new ArrayList<>();
        AuditLogReader reader = new AuditLogReader(List.of(new LogSource(file.toString(), file, 0)))
                .window(3_000, capacity);
        AuditLogReader.Summary s = reader.read((AuditEvent ev) -> {
            recordsInEvents[0] += ev.records().size();
            NormalizedEvent n = normalizer.normalize(ev);
            check(n.records().size() == ev.records().size(), "normalized event lost records");
            if (sample.size() < 4) {
                sample.add(n);
            }
        }, m -> problems[0]++);
        long used = allocatedBy(() -> new AuditLogReader(List.of(new LogSource(file.toString(), file, 0)))
                .window(3_000, capacity).read(normalizer::normalize, null));
        ParseStats st = s.stats();
        boolean gzip = content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
        if (!gzip) {
            accounted(st, physicalLines(content));
            check(s.readErrors().isEmpty(), "read errors on a plain file: " + s.readErrors());
        } else {
            check(st.lines == st.recordLines + st.blank + st.comments + st.malformed, "lines unaccounted: " + st);
        }
        check(recordsInEvents[0] == st.records, st.records + " records, " + recordsInEvents[0] + " in events");
        // a key collision is reported with the malformed lines, but its record is read (and counted as one)
        check(problems[0] == st.malformed + s.collisions(), "problems reported " + problems[0] + " != "
                + st.malformed + " malformed + " + s.collisions() + " collisions");
        check(s.firstMalformations().size() == Math.min(st.malformed + s.collisions(), AuditLogReader.MALFORMED_KEPT),
                "kept malformations");
        if (!gzip) {
            check(used <= allocationBound(content.length) + 4L * LineReader.DEFAULT_MAX_LINE,
                    "reading " + content.length + " bytes allocated " + used);
        }
    }

    // ---- invariants ----

    /** Lines as LineReader must count them: every '\n' ends one, and a non-empty tail is one more. */
    static long physicalLines(byte[] input) {
        long n = 0;
        for (byte b : input) {
            if (b == '\n') {
                n++;
            }
        }
        if (input.length > 0 && input[input.length - 1] != '\n') {
            n++;
        }
        return n;
    }

    static void accounted(ParseStats st, long lines) {
        check(st.lines == lines, "ParseStats.lines " + st.lines + " != " + lines + " physical lines");
        check(st.lines == st.recordLines + st.blank + st.comments + st.malformed,
                "lines unaccounted: " + st);
        check(st.records >= st.recordLines, "fewer records than record lines: " + st);
    }

    /** Every accessor a query or printer may call, on every field and on keys that may or may not be there. */
    static void touchEveryField(AuditRecord r) {
        check(r.typeName() != null && !r.typeName().isEmpty(), "empty type name");
        r.rawLine();
        r.bodyText();
        r.time();
        int n = r.fieldCount();
        List<String[]> all = r.fields();
        check(all.size() == n, "fields() size " + all.size() + " != " + n);
        for (int i = 0; i < n; i++) {
            String key = r.fieldKey(i);
            check(!key.isEmpty(), "empty key at field " + i);
            r.fieldRaw(i);
            r.fieldKind(i);
            access(r, key);
        }
        for (String key : new String[] {"pid", "uid", "auid", "ses", "exit", "a0", "arch", "saddr", "exe", "comm",
                "proctitle", "key", "name", "mode", "argc", "msg", "AUID", "UID", "SYSCALL"}) {
            access(r, key);
            r.enriched(key);
        }
    }

    private static void access(AuditRecord r, String key) {
        String raw = r.raw(key);
        check((raw != null) == r.has(key), "raw/has disagree on " + key);
        r.rawLast(key);
        r.text(key);
        byte[] b = r.bytes(key);
        if (raw != null && b != null) {
            check(b.length <= raw.getBytes(StandardCharsets.UTF_8).length + raw.length(), "bytes longer than raw");
        }
        r.quoted(key);
        r.hexEncoded(key);
        r.decimal(key, -7);
        r.hexNumber(key, -7);
        r.enriched(key);
    }

    /** Generous linear bound: what a parse may allocate for n input bytes (buffers, records, strings). */
    static long allocationBound(long n) {
        return 64 * n + (8L << 20);
    }

    /**
     * Bytes the work allocates on this thread, measured on a second run when the first is over budget: the first
     * use of a class loads (and, while fuzzing, instruments) it, a one-time cost that is not the input's.
     */
    static long allocatedBy(Runnable work) {
        long before = allocated();
        work.run();
        long used = allocated() - before;
        if (used > 1L << 20) {
            before = allocated();
            work.run();
            used = allocated() - before;
        }
        return used;
    }

    static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    private static String strictUtf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean containsReplacementBytes(byte[] b) {
        for (int i = 0; i + 2 < b.length; i++) {
            if ((b[i] & 0xff) == 0xef && (b[i + 1] & 0xff) == 0xbf && (b[i + 2] & 0xff) == 0xbd) {
                return true;
            }
        }
        return false;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
