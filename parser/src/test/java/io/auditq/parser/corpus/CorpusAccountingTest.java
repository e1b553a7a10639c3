package io.auditq.parser.corpus;

import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of every public corpus log is accounted for: it holds records, is blank, is a comment, or is
 * reported as malformed; and the garbled forms the corpus README lists are handled as decided here.
 */
class CorpusAccountingTest {
    /** The only lines of the corpus that cannot be read as records (README, "Malformed/garbled"). */
    private static final List<String> KNOWN_MALFORMED = List.of(
            "elastic__go-libaudit/audit-rhel7.log:31",       // type=UNKNOWN[1329] msg=?
            "elastic__integrations/test-auditd-raw.log:42"); // type=UNKNOWN[1329] msg=g\x05

    /** Records whose header lacks the ':' after "msg=audit(…)": read, and counted as problems. */
    private static final Map<String, Long> HEADER_WITHOUT_COLON = Map.of(
            "elastic__go-libaudit/audit-rhel7.log", 1L,      // DAEMON_CONFIG, line 12
            "SELinuxProject__selinux/audit.log", 2L);        // DAEMON_END and DAEMON_START, lines 1188-1189

    @TestFactory
    Stream<DynamicTest> everyLineIsAccountedFor() throws IOException {
        Map<String, Long> readmeLines = readmeLineCounts();
        return Corpus.rawLogs().stream().map(p -> DynamicTest.dynamicTest(Corpus.name(p), () -> {
            Corpus.Parsed r = Corpus.parse(p);
            ParseStats s = r.stats();
            assertThat(s.lines).as("lines = lines with records + blank + comments + malformed: " + s)
                    .isEqualTo(s.recordLines + s.blank + s.comments + s.malformed);
            assertThat(s.lines).as("line count in the corpus README").isEqualTo(readmeLines.get(Corpus.name(p)));
            assertThat(s.records).isEqualTo(r.records().size()).isGreaterThanOrEqualTo(s.recordLines);
            assertThat(r.malformations()).hasSize((int) s.malformed);
            // every record ends up in exactly one event
            assertThat(r.events().stream().mapToInt(e -> e.records().size()).sum()).isEqualTo(r.records().size());
            assertThat(s.problems).as("records with a header missing its ':'")
                    .isEqualTo(HEADER_WITHOUT_COLON.getOrDefault(Corpus.name(p), 0L));
        }));
    }

    @Test
    void theMalformedLinesAreExactlyTheKnownGarbledOnes() {
        List<String> found = new ArrayList<>();
        Map<String, Malformation> byPlace = new HashMap<>();
        for (Path p : Corpus.rawLogs()) {
            for (Malformation m : Corpus.parse(p).malformations()) {
                String place = Corpus.name(p) + ":" + m.line();
                found.add(place);
                byPlace.put(place, m);
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(KNOWN_MALFORMED);
        assertThat(byPlace.get("elastic__go-libaudit/audit-rhel7.log:31").snippet())
                .isEqualTo("type=UNKNOWN[1329] msg=?");
        // the control byte is shown escaped, never replayed to the terminal
        assertThat(byPlace.get("elastic__integrations/test-auditd-raw.log:42").snippet())
                .isEqualTo("type=UNKNOWN[1329] msg=g\\x05");
        assertThat(byPlace.values()).allSatisfy(m -> assertThat(m.reason()).contains("msg=audit("));
    }

    @Test
    void commentsAndBlankLinesOfTheLaurelHarnessAreCountedNotMalformed() {
        ParseStats s = Corpus.parse(Corpus.file("threathunters-io__laurel/fork-sleep-exec.txt")).stats();
        assertThat(s.comments).isEqualTo(14);
        assertThat(s.blank).isEqualTo(3);
        assertThat(s.recordLines).isEqualTo(13);
        assertThat(s.malformed).isZero();
    }

    @Test
    void aTruncatedTypeNameIsKeptAsWrittenNotGuessed() {
        // test-auditd-raw.log:45 "type=CKADDR": the SOCKADDR prefix was lost upstream
        Corpus.Parsed r = Corpus.parse(Corpus.file("elastic__integrations/test-auditd-raw.log"));
        AuditRecord rec = r.records().stream().filter(x -> x.line() == 45).findFirst().orElseThrow();
        assertThat(rec.typeName()).isEqualTo("CKADDR");
        assertThat(rec.type()).isEqualTo(-1);
        assertThat(rec.serial()).isEqualTo(737);
        assertThat(rec.raw("saddr")).isEqualTo("02000050A9FEA9FE0000000000000000");
        // not silently promoted to a SOCKADDR
        assertThat(r.serial(737).sockaddr()).isNull();
        assertThat(r.serial(737).records()).containsExactly("CKADDR");
    }

    @Test
    void aHeaderWithoutItsColonIsReadWithItsBody() {
        Corpus.Parsed r = Corpus.parse(Corpus.file("elastic__go-libaudit/audit-rhel7.log"));
        AuditRecord rec = r.records().stream().filter(x -> x.line() == 12).findFirst().orElseThrow();
        assertThat(rec.typeName()).isEqualTo("DAEMON_CONFIG");
        assertThat(rec.timeMillis()).isEqualTo(1490239800477L);
        assertThat(rec.serial()).isEqualTo(34);
        assertThat(rec.raw("auid")).isEqualTo("0");
        assertThat(rec.raw("pid")).isEqualTo("1512");
        assertThat(rec.raw("res")).isEqualTo("success");
    }

    @Test
    void aSplicedDaemonEndStaysOneRecordWithItsOwnFirstFields() {
        // line-daemon-end-2.txt: "subj=" is followed by the tail of another (PAM) record, without its header
        Corpus.Parsed r = Corpus.parse(Corpus.file("hillu__linux-audit-parser-rs/line-daemon-end-2.txt"));
        assertThat(r.malformations()).isEmpty();
        assertThat(r.records()).singleElement().satisfies(rec -> {
            assertThat(rec.typeName()).isEqualTo("DAEMON_END");
            assertThat(rec.serial()).isEqualTo(8216);
            assertThat(rec.raw("op")).isEqualTo("terminate");
            assertThat(rec.raw("pid")).isEqualTo("12333"); // the first pid, not the spliced one
            assertThat(rec.raw("auid")).isEqualTo("0");
        });
        assertThat(r.normalized().getFirst().pid()).isEqualTo(12333);
    }

    @Test
    void aStrayQuoteAfterAHexKeyIsDecodedWithoutItAndSaid() {
        // audit-ubuntu17.log: key=65786563013634626974"  ("exec" 0x01 "64bit", then a stray quote). Decoded as
        // ausearch -i decodes it, so a rule on the key still matches, and the event says the value was damaged;
        // the rest of the record is unaffected.
        Corpus.Parsed r = Corpus.parse(Corpus.file("elastic__go-libaudit/audit-ubuntu17.log"));
        assertThat(r.malformations()).isEmpty();
        assertThat(r.normalized()).singleElement().satisfies(e -> {
            assertThat(e.syscall()).isEqualTo("execve");
            assertThat(e.comm()).isEqualTo("grep");
            assertThat(e.exe()).isEqualTo("/bin/grep");
            assertThat(e.keys()).containsExactly("exec", "64bit");
            assertThat(e.problems()).containsExactly("stray '\"' after hex in key: decoded without it, as ausearch -i "
                    + "does; the kernel never writes this, so the line was damaged or altered");
            assertThat(e.uid()).isZero();
            assertThat(e.auid()).isNull();
        });
    }

    @Test
    void enrichedFieldsAreFoundWhenTheirSeparatorVanishedOrBecameASpace() {
        // crowdsec suid-crash: key="susp_shell"ARCH=x86_64 … AUID="bui" (no 0x1d at all)
        Corpus.Parsed crowd = Corpus.parse(Corpus.file("crowdsecurity__hub/auditd-suid-crash.log"));
        assertThat(crowd.serial(8272)).satisfies(e -> {
            assertThat(e.keys()).containsExactly("susp_shell");
            assertThat(e.auid()).isEqualTo(1000);
            assertThat(e.loginUser()).isEqualTo("bui");
            assertThat(e.user()).isEqualTo("bui");
        });
        // integrations enhanced-syscall: the 0x1d became a space
        Corpus.Parsed sp = Corpus.parse(Corpus.file("elastic__integrations/test-enhanced-syscall.log"));
        assertThat(sp.normalized()).singleElement().satisfies(e -> {
            assertThat(e.keys()).containsExactly("delete");
            assertThat(e.syscall()).isEqualTo("unlink");
            assertThat(e.uid()).isEqualTo(2012);
            assertThat(e.user()).isEqualTo("dllogc");
            assertThat(e.auid()).isEqualTo(1561577791L);
            assertThat(e.loginUser()).isEqualTo("na-uoradbdba03");
        });
    }

    @Test
    void severalRecordsOnOneLineAreAllRead() {
        ParseStats s = Corpus.parse(Corpus.file("SELinuxProject__selinux/test.log")).stats();
        assertThat(s.lines).isEqualTo(37);
        assertThat(s.recordLines).isEqualTo(37);
        assertThat(s.records).isEqualTo(39);
    }

    // ---- the go-libaudit YAML fixtures: raw lines inside block scalars ----

    private static final Pattern BLOCK_LINE = Pattern.compile("^ {4,}((?:node=|type=).*)$");

    @TestFactory
    Stream<DynamicTest> rawLinesInsideTheGoLibauditYamlFixturesParse() throws IOException {
        Path dir = Corpus.require().resolve("elastic__go-libaudit");
        List<Path> yamls;
        try (Stream<Path> s = Files.list(dir)) {
            yamls = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(yamls).hasSize(8);
        return yamls.stream().map(y -> DynamicTest.dynamicTest(y.getFileName().toString(), () -> {
            List<String> lines = Files.readAllLines(y, StandardCharsets.UTF_8).stream()
                    .map(BLOCK_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
            assertThat(lines).isNotEmpty();
            long typeFields = lines.stream().mapToLong(l -> Pattern.compile("(^| )type=").matcher(l).results().count())
                    .sum();
            Corpus.Parsed r = Corpus.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                    y.getFileName().toString());
            assertThat(r.malformations()).isEmpty();
            assertThat(r.stats().recordLines).isEqualTo(lines.size());
            assertThat(r.stats().records).isEqualTo(typeFields);
            assertThat(r.stats().problems).isZero();
            assertThat(r.records()).allSatisfy(rec -> assertThat(rec.type())
                    .as("known type " + rec.typeName()).isNotEqualTo(-1));
            assertThat(r.normalized()).allSatisfy(e -> {
                if (e.hasRecord("SYSCALL")) {
                    assertThat(e.syscall()).as("syscall name of " + e.origin()).isNotNull();
                }
            });
        }));
    }

    /** File → "Lines" column of the corpus README table. */
    private static Map<String, Long> readmeLineCounts() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (String l : Files.readAllLines(Corpus.require().resolve("README.md"))) {
            if (!l.startsWith("| `")) {
                continue;
            }
            String[] c = l.split("\\|");
            String file = c[1].trim().replace("`", "");
            out.put(file, Long.parseLong(c[7].trim()));
        }
        assertThat(new TreeSet<>(out.keySet())).as("README lists every raw log")
                .containsAll(Corpus.rawLogs().stream().map(Corpus::name).toList());
        return out;
    }
}
