package io.auditq.parser.properties;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.testing.Corpus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The same events whatever the chunking of the bytes and whatever the order of records within an event's window. */
class StreamingProperties {
    /** One event's worth of record lines (kept in a template: %T is the timestamp, %S the serial). */
    private static final List<List<String>> SHAPES = List.of(
            List.of("type=SYSCALL msg=audit(%T:%S): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 "
                            + "items=0 ppid=1 pid=%S auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
                            + "tty=(none) ses=2 comm=\"curl\" exe=\"/usr/bin/curl\" key=\"net\"",
                    "type=SOCKADDR msg=audit(%T:%S): saddr=020001BBC63364070000000000000000",
                    "type=PROCTITLE msg=audit(%T:%S): proctitle=6375726C0068747470733A2F2F6578616D706C65"),
            List.of("node=web 1 type=SYSCALL msg=audit(%T:%S): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 "
                            + "a2=3 a3=4 items=1 ppid=1 pid=%S auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
                            + "sgid=0 fsgid=0 tty=pts0 ses=4294967295 comm=\"sh\" exe=\"/bin/sh\" key=(null)\u001dARCH=x86_64 UID=\"root\"",
                    "node=web 1 type=EXECVE msg=audit(%T:%S): argc=3 a0=\"sh\" a1=\"-c\" a2=6563686F2068692021",
                    "node=web 1 type=CWD msg=audit(%T:%S): cwd=\"/root\"",
                    "node=web 1 type=PATH msg=audit(%T:%S): item=0 name=\"/bin/sh\" inode=12 dev=08:01 mode=0100755 "
                            + "ouid=0 ogid=0 rdev=00:00 nametype=NORMAL"),
            List.of("type=USER_LOGIN msg=audit(%T:%S): pid=%S uid=0 auid=1000 ses=5 msg='op=login id=1000 "
                    + "exe=\"/usr/sbin/sshd\" hostname=? addr=198.51.100.7 terminal=sshd res=success'"),
            List.of("type=LOGIN msg=audit(%T:%S): pid=%S uid=0 old-auid=4294967295 auid=1000 tty=(none) old-ses=4294967295 "
                    + "ses=5 res=1"));

    /** A log of events; each group's events lie within 2 s (under the 3 s window), groups are 10 s apart. */
    record Log(List<List<String>> groups) {
        List<String> lines() {
            return groups.stream().flatMap(List::stream).toList();
        }
    }

    @Provide
    Arbitrary<Log> logs() {
        Arbitrary<List<Integer>> group = Arbitraries.integers().between(0, SHAPES.size() - 1).list().ofMinSize(1).ofMaxSize(6);
        return group.list().ofMinSize(1).ofMaxSize(5).map(groups -> {
            List<List<String>> out = new ArrayList<>();
            long serial = 4294967290L; // crosses the serial rollover too
            long time = 1_700_000_000_000L;
            for (List<Integer> g : groups) {
                List<String> lines = new ArrayList<>();
                for (int k = 0; k < g.size(); k++) {
                    long t = time + k * 300L;
                    String ts = (t / 1000) + "." + String.format("%03d", t % 1000);
                    long s = serial++ % 4294967296L;
                    for (String tmpl : SHAPES.get(g.get(k))) {
                        lines.add(tmpl.replace("%T", ts).replace("%S", Long.toString(s)));
                    }
                }
                out.add(lines);
                time += 10_000;
            }
            return new Log(out);
        });
    }

    @Property
    void sameEventsWhateverTheChunkingAndLineEnds(@ForAll("logs") Log log, @ForAll long seed,
                                                  @ForAll boolean finalNewline) {
        List<String> lines = log.lines();
        Random rnd = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            bytes.writeBytes(lines.get(i).getBytes(StandardCharsets.UTF_8));
            if (i < lines.size() - 1 || finalNewline) {
                bytes.writeBytes(rnd.nextBoolean() ? "\r\n".getBytes() : "\n".getBytes());
            }
        }
        Corpus.Parsed got = Corpus.parse(new ChunkedStream(bytes.toByteArray(), seed), "chunked", AccountNames.fromLogOnly());
        Corpus.Parsed expected = Corpus.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), "plain");
        assertThat(got.malformations()).isEmpty();
        assertThat(got.stats().lines).isEqualTo(lines.size());
        assertThat(signature(got.events())).isEqualTo(signature(expected.events()));
        assertThat(got.normalized()).hasSameSizeAs(expected.normalized());
    }

    @Property
    void sameEventsWhateverTheOrderOfRecordsWithinTheWindow(@ForAll("logs") Log log, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<String> shuffled = new ArrayList<>();
        for (List<String> group : log.groups()) {
            List<String> g = new ArrayList<>(group);
            Collections.shuffle(g, rnd);
            shuffled.addAll(g);
        }
        Corpus.Parsed got = Corpus.parse((String.join("\n", shuffled) + "\n").getBytes(StandardCharsets.UTF_8), "shuffled");
        Corpus.Parsed expected = Corpus.parse((String.join("\n", log.lines()) + "\n").getBytes(StandardCharsets.UTF_8), "ordered");
        assertThat(got.events()).allSatisfy(e -> assertThat(e.complete()).isTrue());
        assertThat(signature(got.events())).isEqualTo(signature(expected.events()));
        long eventsInLog = log.groups().stream().mapToLong(g -> g.stream().filter(l -> l.contains("type=SYSCALL")
                || l.contains("type=USER_LOGIN") || l.contains("type=LOGIN")).count()).sum();
        assertThat(got.events()).hasSize((int) eventsInLog);
    }

    /** Each event as its key and the sorted raw lines of its records: order-free, comparable. */
    private static TreeMap<String, List<String>> signature(List<AuditEvent> events) {
        TreeMap<String, List<String>> m = new TreeMap<>();
        for (AuditEvent e : events) {
            List<String> recs = new ArrayList<>(e.records().stream().map(AuditRecord::rawLine).sorted().toList());
            List<String> prev = m.put(e.node() + "|" + e.timeMillis() + "|" + e.serial(), recs);
            assertThat(prev).as("two events with one key").isNull();
        }
        return m;
    }

    /** An InputStream that returns reads of random sizes (1 byte up to 4 KiB), as pipes and gzip streams do. */
    private static final class ChunkedStream extends InputStream {
        private final ByteArrayInputStream in;
        private final Random rnd;

        ChunkedStream(byte[] b, long seed) {
            this.in = new ByteArrayInputStream(b);
            this.rnd = new Random(seed ^ 0x5DEECE66DL);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 4096);
            return in.read(b, off, Math.min(len, n));
        }
    }

    @Property(tries = 50)
    void aLineSplitAtEveryByteBoundaryReadsTheSame(@ForAll @IntRange(min = 1, max = 300) int cut) {
        String line = SHAPES.get(1).get(0).replace("%T", "1700000000.123").replace("%S", "9") + "\r\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int c = Math.min(cut, b.length - 1);
        InputStream twoReads = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < b.length ? b[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] dst, int off, int len) {
                if (pos >= b.length) {
                    return -1;
                }
                int n = Math.min(len, (pos < c ? c : b.length) - pos);
                System.arraycopy(b, pos, dst, off, n);
                pos += n;
                return n;
            }
        };
        Corpus.Parsed r = Corpus.parse(twoReads, "split", AccountNames.fromLogOnly());
        assertThat(r.records()).singleElement().satisfies(rec -> {
            assertThat(rec.node()).isEqualTo("web 1");
            assertThat(rec.enriched("UID")).isEqualTo("root");
        });
    }
}
