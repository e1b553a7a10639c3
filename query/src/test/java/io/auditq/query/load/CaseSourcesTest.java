package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.testing.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.auditq.query.schema.jooq.Tables.CONNECTIONS;
import static io.auditq.query.schema.jooq.Tables.EVENTS;
import static io.auditq.query.schema.jooq.Tables.SOURCES;
import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/** Ingesting the same evidence again adds nothing; an audit.log that grew adds only its new lines. */
class CaseSourcesTest {
    @TempDir
    Path tmp;

    private CaseLoader.Report ingest(String... files) {
        try (CaseDatabase db = CaseDatabase.openOrCreate(tmp.resolve("case"))) {
            return new CaseLoader(db, CaseLoader.Scope.CASE, AccountNames.fromLogOnly(), true)
                    .load(AuditLogReader.of(List.of(files)));
        }
    }

    /** 40 events: a socket() first, connects on its fd every 10 s of log time (so events close as the log goes). */
    private static String log(int events) {
        AuditLog log = new AuditLog();
        long t = 1_700_000_000_000L;
        log.at(t).event().syscall(41).exit(3).args(2, 1, 0).add();
        for (int i = 1; i < events; i++) {
            log.at(t + i * 10_000L).event().syscall(42).exit(0).args(3).sockaddr(saddr("192.0.2.1", 1000 + i)).add();
        }
        return log.text();
    }

    @Test
    void theSameFileTwiceIsReadOnce() throws Exception {
        Path f = tmp.resolve("audit.log");
        Files.writeString(f, log(40));
        CaseLoader.Report first = ingest(f.toString());
        assertThat(first.events()).isEqualTo(40);
        CaseLoader.Report again = ingest(f.toString());
        assertThat(again.sourceLines()).containsExactly(f + ": already in the case (source 1), skipped");
        assertThat(again.events()).isZero();
        try (CaseDatabase db = CaseDatabase.openExisting(tmp.resolve("case"))) {
            var s = db.dsl().selectFrom(SOURCES).fetchSingle();
            assertThat(s.getSha256()).isEqualTo(sha256(Files.readAllBytes(f)));
            assertThat(s.getSize()).isEqualTo(Files.size(f));
            assertThat(s.getComplete()).isTrue();
            assertThat(s.getLines()).isEqualTo(40 * 3 - 1); // each connect: SYSCALL, SOCKADDR, PROCTITLE; socket: 2
            assertThat(s.getEvents()).isEqualTo(40);
        }
    }

    @Test
    void aGrownFileAddsOnlyItsNewLinesNumberedAsInTheWholeFile() throws Exception {
        String whole = log(40);
        String[] lines = whole.split("\n", -1);
        int cut = 2 + 3 * 19; // the socket event and 19 connects
        Path f = tmp.resolve("audit.log");
        Files.writeString(f, String.join("\n", java.util.Arrays.copyOf(lines, cut)) + "\n");
        assertThat(ingest(f.toString()).events()).isEqualTo(20);
        Files.writeString(f, whole);
        CaseLoader.Report grown = ingest(f.toString());
        assertThat(grown.sourceLines()).singleElement().asString()
                .startsWith(f + ": continues source 1 (the case held its first ").contains(cut + " lines");
        assertThat(grown.events()).isEqualTo(20);
        try (CaseDatabase db = CaseDatabase.openExisting(tmp.resolve("case"))) {
            var d = db.dsl();
            assertThat(d.fetchCount(EVENTS)).isEqualTo(40);
            // the last connect's SYSCALL is the third line from the end of the whole file
            var last = d.selectFrom(CONNECTIONS).orderBy(CONNECTIONS.TIME_MS.desc()).limit(1).fetchSingle();
            assertThat(last.getLine()).isEqualTo(lines.length - 1 - 2);
            assertThat(lines[(int) (last.getLine() - 1)]).contains("syscall=42").contains(":" + last.getSerial() + ")");
            assertThat(last.getSourceId()).isEqualTo(2);
            // the socket() was in the first part: the tracker continued from where the first ingest stopped
            assertThat(last.getProtocol()).isEqualTo("tcp");
            var s2 = d.selectFrom(SOURCES).where(SOURCES.ID.eq(2)).fetchSingle();
            assertThat(s2.getContinuesSource()).isEqualTo(1);
            assertThat(s2.getFirstLine()).isEqualTo(cut + 1L);
            assertThat(s2.getSha256()).isEqualTo(sha256(Files.readAllBytes(f)));
            byte[] all = Files.readAllBytes(f);
            int offset = s2.getIngestedOffset().intValue();
            assertThat(s2.getIngestedSha256()).isEqualTo(sha256(java.util.Arrays.copyOfRange(all, offset, all.length)));
            assertThat(s2.getIngestedSize()).isEqualTo(all.length - offset);
        }
    }

    @Test
    void aRotatedFileIsRecognizedByContentRenamedOrCompressed() throws Exception {
        Path f = tmp.resolve("audit.log");
        Files.writeString(f, log(30));
        ingest(f.toString());
        Path rotated = tmp.resolve("audit.log.1");
        Files.move(f, rotated);
        Path gz = tmp.resolve("audit.log.2.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(rotated));
        }
        CaseLoader.Report r = ingest(rotated.toString(), gz.toString());
        assertThat(r.sourceLines()).containsExactly(rotated + ": already in the case (source 1), skipped",
                gz + ": already in the case (source 1), skipped");
        assertThat(r.events()).isZero();
    }

    @Test
    void aCompressedFileIsHashedAsStoredAndAsContent() throws Exception {
        Path gz = tmp.resolve("audit.log.1.gz");
        String text = log(10);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(text.getBytes());
        }
        assertThat(ingest(gz.toString()).events()).isEqualTo(10);
        try (CaseDatabase db = CaseDatabase.openExisting(tmp.resolve("case"))) {
            var s = db.dsl().selectFrom(SOURCES).fetchSingle();
            assertThat(s.getGzip()).isTrue();
            assertThat(s.getSha256()).isEqualTo(sha256(Files.readAllBytes(gz)));
            assertThat(s.getContentSha256()).isEqualTo(sha256(text.getBytes()));
            assertThat(s.getContentSize()).isEqualTo(text.length());
        }
        // the same content, uncompressed, is the same evidence
        Path plain = tmp.resolve("audit.log.1");
        Files.writeString(plain, text);
        assertThat(ingest(plain.toString()).sourceLines()).containsExactly(plain + ": already in the case (source 1), skipped");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
