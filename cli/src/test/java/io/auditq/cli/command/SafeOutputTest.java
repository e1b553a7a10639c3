package io.auditq.cli.command;

import io.auditq.cli.out.StrictJson;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evidence bytes the attacker chose, through the whole path (parser, case, printers) to every output format:
 * tables, CSV and stderr carry no control character (CSV in a reversible escaped form), CSV cells are no formulas,
 * both unless --csv-raw, and JSON is valid.
 */
class SafeOutputTest {
    @TempDir
    Path tmp;
    Path log;
    /** All 256 byte values, as the exe of a connect. */
    static final byte[] ALL = new byte[256];
    static final String FORMULA = "=HYPERLINK(\"http://203.0.113.9/x\",\"ok\")";

    static {
        for (int i = 0; i < 256; i++) {
            ALL[i] = (byte) i;
        }
    }

    @BeforeEach
    void writeLog() throws IOException {
        HexFormat hex = HexFormat.of().withUpperCase();
        String syscall = "node=web01 type=SYSCALL msg=audit(1795541102.%03d:%d): arch=c000003e syscall=42 success=yes "
                + "exit=0 a0=4 a1=7ffdef5ea470 a2=10 a3=6 items=0 ppid=30200 pid=%d auid=1001 uid=0 gid=0 euid=0 "
                + "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=18 comm=%s exe=%s key=\"net\"\n";
        String sockaddr = "node=web01 type=SOCKADDR msg=audit(1795541102.%03d:%d): saddr=020001BBCB00714%d0000000000000000\n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(syscall, 1, 101, 4001, hex.formatHex(FORMULA.getBytes(StandardCharsets.UTF_8)),
                hex.formatHex(ALL)));
        sb.append(String.format(sockaddr, 1, 101, 1));
        sb.append(String.format(syscall, 2, 102, 4002, "\"-cmd\"",
                hex.formatHex("/tmp/\u001b[31mred\u001b]0;title\u0007\u009b2J\u202etxt.sh".getBytes(StandardCharsets.UTF_8))));
        sb.append(String.format(sockaddr, 2, 102, 2));
        sb.append("garbage \u001b[2J\u001b]0;pwned\u0007 not a record\n");
        log = tmp.resolve("audit.log");
        Files.writeString(log, sb.toString(), StandardCharsets.UTF_8);
    }

    /** What the parser makes of ALL: ASCII kept, each byte of invalid UTF-8 as the text \xNN (upper-case hex). */
    static String allDecoded() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            sb.append(i < 0x80 ? String.valueOf((char) i) : String.format("\\x%02X", i));
        }
        return sb.toString();
    }

    @Test
    void jsonIsValidAndKeepsEveryByte() {
        CliRun json = CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).doesNotContain("\ufffd");
        List<?> rows = (List<?>) StrictJson.parse(json.out());
        assertThat(rows).hasSize(2);
        Map<?, ?> first = (Map<?, ?>) rows.stream().filter(r -> ((Map<?, ?>) r).get("pid").toString().equals("4001"))
                .findFirst().orElseThrow();
        assertThat(first.get("exe")).isEqualTo(allDecoded());
        assertThat(first.get("comm")).isEqualTo(FORMULA);
        CliRun jsonl = CliRun.of("events", log.toString());
        List<String> lines = jsonl.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String l : lines) {
            StrictJson.parse(l);
        }
        assertThat(((Map<?, ?>) StrictJson.parse(lines.getFirst())).get("exe")).isEqualTo(allDecoded());
    }

    @Test
    void tablesAndStderrCarryNoControlCharacter() {
        CliRun table = CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "table", "--tree");
        assertNoControls(table.out());
        assertNoControls(table.err());
        assertThat(table.out()).contains("\\x07\\x9b2J\\u202etxt.sh"); // the program is cut from the left to fit
        CliRun events = CliRun.of("events", log.toString(), "--format", "table");
        assertNoControls(events.out());
        assertThat(events.err()).contains("malformed line").contains("\\x1b[2J");
        assertNoControls(events.err());
        CliRun malformed = CliRun.of("malformed", log.toString());
        assertNoControls(malformed.out());
        assertThat(malformed.out()).contains("audit.log:5:");
    }

    @Test
    void csvTextCellsAreNoFormulasUnlessRawIsAsked() throws IOException {
        CSVRecord guarded = row(CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv").ok(), "4001");
        assertThat(guarded.get("comm")).isEqualTo("'" + FORMULA);
        assertThat(guarded.get("pid")).isEqualTo("4001"); // numbers are never touched
        assertThat(guarded.get("dst_port")).isEqualTo("443");
        CSVRecord dash = row(CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv").ok(), "4002");
        assertThat(dash.get("comm")).isEqualTo("'-cmd");
        CSVRecord raw = row(CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv",
                "--csv-raw").ok(), "4001");
        assertThat(raw.get("comm")).isEqualTo(FORMULA);
        assertThat(raw.get("exe")).isEqualTo(allDecoded());
    }

    @Test
    void exportGuardsTextCellsToo() throws IOException {
        Path db = tmp.resolve("case");
        CliRun.of("ingest", log.toString(), "--db", db.toString()).ok();
        String csv = CliRun.of("export", "--db", db.toString(), "--table", "connections").ok();
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
        assertThat(rows).extracting(r -> r.get("comm")).containsExactlyInAnyOrder("'" + FORMULA, "'-cmd");
        assertThat(rows).extracting(r -> r.get("auid")).containsOnly("1001");
        String raw = CliRun.of("export", "--db", db.toString(), "--table", "connections", "--csv-raw").ok();
        assertThat(raw).contains("\"" + FORMULA.replace("\"", "\"\"") + "\"").contains(",-cmd,");
    }

    @Test
    void csvHoldsNoControlCharacterAndEscapesReversibly() throws IOException {
        String csv = CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv").ok();
        assertNoControls(csv);
        assertThat(csv).doesNotContain("\r");
        CSVRecord all = row(csv, "4001");
        assertThat(all.get("exe")).startsWith("\\x00\\x01").contains("\\x1b", "\\x7f", "\\\\x80");
        assertThat(unescape(all.get("exe"))).isEqualTo(allDecoded());
        assertThat(unescape(row(csv, "4002").get("exe")))
                .isEqualTo("/tmp/\u001b[31mred\u001b]0;title\u0007\u009b2J\u202etxt.sh");
        String summary = CliRun.of("summary", log.toString(), "--format", "csv").ok();
        assertNoControls(summary);
        Path db = tmp.resolve("case");
        CliRun.of("ingest", log.toString(), "--db", db.toString()).ok();
        for (String table : List.of("connections", "events")) {
            assertNoControls(CliRun.of("export", "--db", db.toString(), "--table", table).ok());
        }
    }

    @Test
    void csvRawKeepsTheBytesAndCrlfEndsEveryLineWithCrLf() throws IOException {
        String raw = CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv", "--csv-raw").ok();
        assertThat(raw).contains("\u001b[31mred");
        String crlf = CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv", "--crlf").ok();
        assertThat(crlf.split("\r\n", -1)).hasSize(4).endsWith("");
        assertThat(crlf.replace("\r\n", "")).doesNotContain("\n");
        assertThat(row(crlf, "4001").get("exe"))
                .isEqualTo(row(CliRun.of("connections", log.toString(), "--protocol", "any", "--format", "csv").ok(),
                        "4001").get("exe"));
    }

    /** The reading the CSV docs give: a doubled backslash is one, x + 2, u + 4 and U + 8 hex digits a code point. */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char kind = s.charAt(++i);
            int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            if (digits == 0) {
                sb.append(kind);
            } else {
                sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + digits), 16));
                i += digits;
            }
        }
        return sb.toString();
    }

    private static CSVRecord row(String csv, String pid) throws IOException {
        return CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords().stream()
                .filter(r -> r.get("pid").equals(pid)).findFirst().orElseThrow();
    }

    private static void assertNoControls(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) || c == '\u202e'
                    || Character.isSurrogate(c) && !Character.isSurrogate(s.charAt(i == 0 ? 0 : i - 1));
            assertThat(bad).as("U+%04X at %d in: %s", (int) c, i, s).isFalse();
        }
    }
}
