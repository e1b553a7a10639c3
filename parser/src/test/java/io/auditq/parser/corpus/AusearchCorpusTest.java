package io.auditq.parser.corpus;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.normal.AccountNames;
import io.auditq.parser.normal.EventNormalizer;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.testing.AusearchOutput;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * auditq side by side with the audit userspace's own {@code ausearch -i} over every log of the public corpus and the
 * project's sample: event grouping, syscall names, socket addresses, argv, uid/gid names and the unique connect()
 * destinations. Where the two differ and auditq is right (or neither can be), the difference is in ONE table,
 * {@code ausearch-differences.tsv} beside this class: file, kind, count, and the reason. Any other difference, or a
 * count that changed either way, fails: a new difference is a bug until it is understood and written down.
 *
 * <p>ausearch names ids from the machine's passwd, which is not the evidence's: it runs in a private mount
 * namespace over /etc/passwd, /etc/group and /etc/nsswitch.conf holding the evidence's (the sample's own, or for the
 * corpus, which ships none, just the names auditq has built in: root for 0), and an empty auditd.conf. Without root
 * (or unshare) names are not compared, and the test says so. {@code -Dauditq.ausearch=PATH} picks the binary;
 * {@code -Dausearch.table=print} prints the table of what was found instead of checking it ({@code print-all}: every
 * difference).
 */
class AusearchCorpusTest {
    private static final String TABLE = "ausearch-differences.tsv";

    @TempDir
    Path tmp;

    /** One input: a corpus file or the sample, with the passwd and group it is to be named by (null: built in). */
    private record Input(String name, Path log, Path passwd, Path group) {
    }

    @Test
    void agreesWithAusearchExceptWhereTheTableSaysWhy() throws Exception {
        Path ausearch = Ausearch.find();
        assumeTrue(ausearch != null, "ausearch not installed (Debian: apt-get install auditd; or -Dauditq.ausearch=PATH)"
                + ": the differential test against ausearch -i is skipped");
        boolean names = Ausearch.canHideMachineNames();
        if (!names) {
            System.err.println("AusearchCorpusTest: names not compared: ausearch would name ids from this machine's "
                    + "passwd, and hiding it takes root and unshare (a private mount namespace)");
        }
        List<Input> inputs = new ArrayList<>();
        for (Path p : Corpus.rawLogs()) {
            inputs.add(new Input(Corpus.name(p), p, null, null));
        }
        Path sample = Path.of(System.getProperty("auditq.root", ".")).resolve("samples/incident-1");
        for (String format : List.of("raw", "enriched")) {
            if (Files.isDirectory(sample.resolve(format))) {
                inputs.add(new Input("samples/incident-1/" + format, concatenated(sample.resolve(format)),
                        sample.resolve("passwd"), sample.resolve("group")));
            }
        }
        Path builtInPasswd = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path builtInGroup = Files.writeString(tmp.resolve("group"), "root:x:0:\n");

        Map<String, Integer> found = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        int compared = 0;
        for (Input in : inputs) {
            List<NormalizedEvent> ours = auditq(in);
            String out = Ausearch.run(ausearch, in.log(), in.passwd() != null ? in.passwd() : builtInPasswd,
                    in.group() != null ? in.group() : builtInGroup, names, tmp);
            AusearchDiff d = new AusearchDiff(names);
            d.compare(ours, AusearchOutput.parse(out));
            compared += d.compared;
            for (AusearchDiff.Diff diff : d.diffs) {
                String key = in.name() + "\t" + diff.kind();
                if ("print-all".equals(System.getProperty("ausearch.table"))) {
                    System.out.println(key + "\t" + diff.detail());
                }
                found.merge(key, 1, Integer::sum);
                examples.putIfAbsent(key, diff.detail());
            }
        }
        assertThat(compared).as("events compared").isGreaterThan(20_000);
        if (System.getProperty("ausearch.table", "").startsWith("print")) {
            found.forEach((k, n) -> System.out.println(k + "\t" + n + "\t" + examples.get(k)));
            return;
        }
        Map<String, Integer> known = KnownDifferences.read(getClass().getResourceAsStream(TABLE), names);
        List<String> problems = new ArrayList<>();
        found.forEach((k, n) -> {
            Integer expected = known.get(k);
            if (expected == null) {
                problems.add("new: " + k.replace('\t', ' ') + " ×" + n + ", e.g. " + examples.get(k));
            } else if (!expected.equals(n)) {
                problems.add("count changed: " + k.replace('\t', ' ') + " ×" + n + " (table: " + expected + "), e.g. "
                        + examples.get(k));
            }
        });
        known.forEach((k, n) -> {
            if (!found.containsKey(k)) {
                problems.add("gone (remove the row): " + k.replace('\t', ' ') + " ×" + n);
            }
        });
        assertThat(problems).as("auditq vs ausearch -i over %d events of %d logs: differences not in %s",
                compared, inputs.size(), TABLE).isEmpty();
    }

    /** auditq's events of a log as `auditq events` makes them: names learned over the whole input first. */
    private static List<NormalizedEvent> auditq(Input in) {
        AccountNames names = AccountNames.fromLogOnly();
        if (in.passwd() != null) {
            names.withPasswd(in.passwd());
        }
        if (in.group() != null) {
            names.withGroup(in.group());
        }
        AuditLogReader reader = new AuditLogReader(LogInputs.expand(List.of(in.log().toString())));
        EventNormalizer normalizer = new EventNormalizer(names.withLearned(reader.learnNamesFirst()));
        List<NormalizedEvent> out = new ArrayList<>();
        reader.read(e -> out.add(normalizer.normalize(e)), null);
        return out;
    }

    /** A directory's rotations oldest first, in one file, so both tools read one input the same way. */
    private Path concatenated(Path dir) throws IOException {
        Path out = tmp.resolve(dir.getFileName() + ".log");
        try (OutputStream o = Files.newOutputStream(out)) {
            for (var s : LogInputs.expand(List.of(dir.toString()))) {
                try (InputStream i = Files.newInputStream(s.path())) {
                    i.transferTo(o);
                }
            }
        }
        return out;
    }

    /** Finding and running ausearch. */
    static final class Ausearch {
        private Ausearch() {
        }

        static Path find() {
            String given = System.getProperty("auditq.ausearch");
            if (given != null && !given.isBlank()) {
                return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
            }
            if (Files.isExecutable(Path.of("/usr/sbin/ausearch"))) {
                return Path.of("/usr/sbin/ausearch");
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "ausearch");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            return null;
        }

        /** Root with unshare: ausearch can be shown the evidence's passwd instead of this machine's. */
        static boolean canHideMachineNames() {
            try {
                // the process's own uid (user.name can be set on the command line)
                Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
                return Integer.valueOf(0).equals(uid) && Files.isExecutable(Path.of("/usr/bin/unshare"));
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }

        static String run(Path ausearch, Path log, Path passwd, Path group, boolean namespace, Path tmp)
                throws IOException, InterruptedException {
            List<String> cmd;
            if (namespace) {
                Path nss = Files.writeString(tmp.resolve("nsswitch.conf"), "passwd: files\ngroup: files\n");
                Path conf = Files.writeString(tmp.resolve("auditd.conf"), "");
                cmd = List.of("/usr/bin/unshare", "-m", "/bin/sh", "-c",
                        "mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/group"
                                + " && mount --bind \"$3\" /etc/nsswitch.conf"
                                + " && { [ ! -e /etc/audit/auditd.conf ] || mount --bind \"$4\" /etc/audit/auditd.conf; }"
                                + " && exec \"$5\" -i -if \"$6\"",
                        "sh", passwd.toString(), group.toString(), nss.toString(), conf.toString(),
                        ausearch.toString(), log.toString());
            } else {
                cmd = List.of(ausearch.toString(), "-i", "-if", log.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("TZ", "UTC");
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ausearch did not finish on " + log);
            }
            // 0: events printed; 1: "<no matches>" (nothing it could read)
            assertThat(p.exitValue()).as("ausearch exit code on %s", log).isIn(0, 1);
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** The table of known differences: file, kind, count, reason (a row per file and kind; # starts a comment). */
    static final class KnownDifferences {
        private KnownDifferences() {
        }

        static Map<String, Integer> read(InputStream in, boolean names) throws IOException {
            assertThat(in).as(TABLE + " missing").isNotNull();
            Map<String, Integer> m = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertThat(f).as("row of %s: file, kind, count, reason: %s", TABLE, line).hasSize(4);
                assertThat(f[3]).as("reason of %s", line).isNotBlank();
                if (names || !f[1].startsWith("name ")) {
                    assertThat(m.put(f[0] + "\t" + f[1], Integer.parseInt(f[2]))).as("duplicate row: " + line).isNull();
                }
            }
            return m;
        }
    }
}
