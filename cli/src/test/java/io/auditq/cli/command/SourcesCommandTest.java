package io.auditq.cli.command;

import io.auditq.cli.out.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** auditq sources names exactly what a case was computed from: the sha256sum of each file, and what was read. */
class SourcesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listsEveryInputWithItsSha256AndWhatWasRead() throws Exception {
        Path raw = ConnectionsSampleTest.sample().resolve("raw");
        Path db = tmp.resolve("case");
        CliRun.of("ingest", raw.toString(), "--db", db.toString()).ok();

        List<?> rows = (List<?>) StrictJson.parse(CliRun.of("sources", "--db", db.toString(), "--format", "json").ok());
        assertThat(rows).hasSize(2);
        Path[] files = {raw.resolve("audit.log.1"), raw.resolve("audit.log")}; // oldest rotation first
        long events = 0;
        for (int i = 0; i < 2; i++) {
            Map<?, ?> s = (Map<?, ?>) rows.get(i);
            Path f = files[i];
            assertThat(s.get("id").toString()).isEqualTo(Integer.toString(i + 1));
            assertThat(s.get("path")).isEqualTo(f.toAbsolutePath().normalize().toString());
            assertThat(s.get("size").toString()).isEqualTo(Long.toString(Files.size(f)));
            assertThat(s.get("sha256")).isEqualTo(sha256(f));
            assertThat(s.get("lines").toString()).isEqualTo(Long.toString(Files.readAllLines(f).size()));
            assertThat(s.get("state")).isEqualTo("complete");
            assertThat((String) s.get("first_event")).matches("2026-11-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat((String) s.get("last_event")).isGreaterThanOrEqualTo((String) s.get("first_event"));
            assertThat(s.get("ingested_at")).isNotNull();
            events += Long.parseLong(s.get("events").toString());
        }
        assertThat(events).isEqualTo(210); // as ingest reported

        String csv = CliRun.of("sources", "--db", db.toString()).ok(); // csv when not a terminal
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("id,name,path,size,sha256,gzip,content_size,content_sha256,continues_source,ingested_offset,"
                        + "ingested_size,ingested_sha256,first_line,lines,events,events_known,malformed,first_event,"
                        + "last_event,ingested_at,state");
        String table = CliRun.of("sources", "--db", db.toString(), "--format", "table").ok();
        assertThat(table).contains("sha256 " + sha256(files[1]) + ", " + Files.size(files[1]) + " bytes")
                .contains("complete");
    }

    @Test
    void aMissingCaseIsOneSentence() {
        CliRun r = CliRun.of("sources", "--db", tmp.resolve("none").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("auditq: no case database at " + tmp.resolve("none.mv.db"));
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
