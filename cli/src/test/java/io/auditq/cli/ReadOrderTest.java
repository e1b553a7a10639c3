package io.auditq.cli;

import io.auditq.cli.command.CliRun;
import io.auditq.parser.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same evidence gives the same answer whatever order it is read in: real logs (RAW and ENRICHED, names learned
 * from records before and after the records they name) concatenated into one file in several orders give
 * byte-identical answers from every command, once each {@code file:line} citation is replaced by the line it
 * cites: a citation's position moves with the order, the evidence it points to does not.
 */
class ReadOrderTest {
    @TempDir
    Path tmp;

    /** useradd.log in three parts: RAW records of 2021 (auid 1000), ENRICHED ones of 2026 naming it, RAW again. */
    private List<byte[]> parts() throws IOException {
        List<String> useradd = Files.readAllLines(Corpus.file("elastic__integrations/test-auditd-useradd.log"),
                StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        parts.add(lines(useradd.subList(0, 8)));
        parts.add(lines(useradd.subList(8, 18)));
        parts.add(lines(useradd.subList(18, useradd.size())));
        // logs of other hosts: with node= (ENRICHED), or without names for uid 1000 (RAW): no conflict. Not among
        // them: a log whose records of one event lie seconds apart (go-libaudit audit-rhel7.log), which events group
        // by the log's own clock, and a newer log read before it holds that clock still: grouping, unlike naming,
        // depends on what was read before (EventAssembler)
        for (String f : List.of("elastic__go-libaudit/normal.log", "elastic__integrations/test-auditd-enriched.log",
                "threathunters-io__laurel/record-execve.txt", "elastic__beats/setuid.log",
                "threathunters-io__laurel/record-connect.txt", "elastic__beats/sudo.log")) {
            parts.add(lines(Files.readAllLines(Corpus.file(f), StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }

    private static byte[] lines(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void concatenatedInAnyOrderTheAnswersAreTheSame() throws IOException {
        List<byte[]> parts = parts();
        int[][] orders = {{0, 1, 2, 3, 4, 5, 6, 7, 8}, {8, 7, 6, 5, 4, 3, 2, 1, 0}, {2, 0, 5, 1, 8, 3, 7, 4, 6},
                {1, 2, 0, 6, 4, 8, 5, 3, 7}};
        Map<String, String> first = null;
        for (int[] order : orders) {
            Path log = write(parts, order, "order-" + Arrays.toString(order).replaceAll("[^0-9]", ""));
            Map<String, String> answers = answers(log);
            if (first == null) {
                first = answers;
                // the RAW records of 2021 (read before or after the record that names auid 1000) are named by it
                assertThat(answers.get("events")).contains("\"auid\":1000,\"login_user\":\"example_admin\"")
                        .doesNotContain("\"auid\":1000,\"login_user\":null");
                continue;
            }
            for (Map.Entry<String, String> a : answers.entrySet()) {
                // line by line first: a difference is then shown as the lines that differ
                assertThat(a.getValue().lines().toList()).as("%s, read in the order %s", a.getKey(),
                        Arrays.toString(order)).containsExactlyElementsOf(first.get(a.getKey()).lines().toList());
                assertThat(a.getValue()).isEqualTo(first.get(a.getKey()));
            }
        }
    }

    /** A second name for an id makes it a conflict in every order: nobody's name is chosen by where it was read. */
    @Test
    void aConflictIsTheSameInAnyOrder() throws IOException {
        List<byte[]> parts = new ArrayList<>(parts().subList(0, 3));
        parts.add(("type=USER_LOGIN msg=audit(1784285190.000:9001): pid=1 uid=0 auid=1000 ses=9 msg='op=login "
                + "acct=\"other\" exe=\"/usr/sbin/sshd\" hostname=? addr=192.0.2.9 terminal=ssh res=success'\u001dUID=\"root\" "
                + "AUID=\"other_admin\"\n").getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> first = null;
        for (int[] order : new int[][] {{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}}) {
            Path log = write(parts, order, "conflict-" + Arrays.toString(order).replaceAll("[^0-9]", ""));
            Map<String, String> answers = answers(log);
            assertThat(answers.get("events")).contains("uid 1000 has 2 names in the log's ENRICHED fields")
                    .contains("\"auid\":1000,\"login_user\":null");
            assertThat(answers.get("summary")).contains("name-conflict");
            if (first == null) {
                first = answers;
            } else {
                assertThat(answers).isEqualTo(first);
            }
        }
    }

    private Path write(List<byte[]> parts, int[] order, String dir) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Path log = d.resolve("audit.log");
        try (var out = Files.newOutputStream(log)) {
            for (int i : order) {
                out.write(parts.get(i));
            }
        }
        return log;
    }

    /** Every command's answer over the log, citations resolved, events in key order. */
    private Map<String, String> answers(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        Map<String, String> out = new LinkedHashMap<>();
        CliRun events = CliRun.of("events", "--format", "jsonl", log.toString());
        out.put("events", String.join("\n", cite(events.out(), log, lines).lines().sorted().toList()));
        out.put("events stderr", cite(events.err(), log, lines));
        out.put("summary", cite(CliRun.of("summary", "--format", "json", log.toString()).ok(), log, lines));
        out.put("users", cite(CliRun.of("users", "--format", "json", log.toString()).ok(), log, lines));
        out.put("privilege", cite(CliRun.of("users", "--privilege", "--format", "json", log.toString()).ok(), log,
                lines));
        out.put("connections", cite(CliRun.of("connections", "--format", "csv", "--protocol", "any",
                "--include-loopback", log.toString()).ok(), log, lines));
        Path db = log.resolveSibling("case");
        CliRun.of("ingest", log.toString(), "--db", db.toString()).ok();
        out.put("connections --db", cite(CliRun.of("connections", "--format", "csv", "--protocol", "any",
                "--include-loopback", "--db", db.toString()).ok(), log, lines));
        out.put("exec --db", cite(CliRun.of("exec", "--format", "csv", "--db", db.toString()).ok(), log, lines));
        return out;
    }

    /** Each "FILE:N" becomes "line#" and a digest of line N: where the evidence is, by what it is. */
    private static String cite(String text, Path log, List<String> lines) {
        Matcher m = Pattern.compile(Pattern.quote(log.toString()) + ":(\\d+)").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String line = lines.get(Integer.parseInt(m.group(1)) - 1);
            m.appendReplacement(sb, "line#" + digest(line));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String digest(String line) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.ISO_8859_1));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
