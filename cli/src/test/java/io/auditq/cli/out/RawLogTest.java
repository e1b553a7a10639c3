package io.auditq.cli.out;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RawLogTest {
    @TempDir
    Path tmp;

    private static void write(RawLog log, int type, String payload) {
        byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        log.write(type, b, 0, b.length);
    }

    @Test
    void writesAuditdsRawLinesWithoutEoeAndWithTheKernelsBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawLog log = RawLog.to(out);
        write(log, 1300, "audit(1700000000.123:42): arch=c000003e syscall=42 success=no exit=-115");
        write(log, 1306, "audit(1700000000.123:42): saddr=020000507F0000010000000000000000");
        write(log, 1320, "audit(1700000000.123:42): ");
        write(log, 1335, "audit(1700000001.000:43): pid=1 op=connect nl-mcgrp=1 res=1");
        write(log, 1123, "audit(1700000002.000:44): msg='cmd=\u00ff'"); // a byte that is not UTF-8 stays as is
        log.close();
        byte[] bytes = out.toByteArray();
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo("""
                type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=42 success=no exit=-115
                type=SOCKADDR msg=audit(1700000000.123:42): saddr=020000507F0000010000000000000000
                type=EVENT_LISTENER msg=audit(1700000001.000:43): pid=1 op=connect nl-mcgrp=1 res=1
                type=USER_CMD msg=audit(1700000002.000:44): msg='cmd=\u00ff'
                """);
        assertThat(log.lines()).isEqualTo(4);
    }

    @Test
    void aTypeLibauditDoesNotNameIsWrittenAsUnknownLikeAuditd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RawLog log = RawLog.to(out)) {
            write(log, 1999, "audit(1.000:1): x=1");
        }
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("type=UNKNOWN[1999] msg=audit(1.000:1): x=1\n");
    }

    @Test
    void rotatesBySizeKeepingNumLogsFilesAndCountsWhatItRemoved() throws Exception {
        Path file = tmp.resolve("capture.log");
        String payload = "audit(1700000000.000:%d): pid=1 uid=0 comm=\"x\""; // 65-byte lines, type and newline included
        RawLog log = RawLog.to(file, 200, 3);
        for (int serial = 1; serial <= 10; serial++) {
            write(log, 1300, payload.formatted(100 + serial));
        }
        log.close();
        // 3 lines fit in 200 bytes: 1-3, 4-6, 7-9 rotated away, 10 current; the oldest (1-3) was removed
        assertThat(log.rotations()).isEqualTo(3);
        assertThat(log.removed()).isEqualTo(1);
        assertThat(Files.readAllLines(file)).singleElement().asString().contains(":110)");
        assertThat(Files.readAllLines(tmp.resolve("capture.log.1"))).hasSize(3).first().asString().contains(":107)");
        assertThat(Files.readAllLines(tmp.resolve("capture.log.2"))).hasSize(3).first().asString().contains(":104)");
        assertThat(tmp.resolve("capture.log.3")).doesNotExist();
        for (Path p : List.of(file, tmp.resolve("capture.log.1"), tmp.resolve("capture.log.2"))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(200);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
        // auditq reads the rotations back in order (oldest first), as it reads auditd's
        List<Long> serials = new ArrayList<>();
        AuditLogReader.of(List.of(tmp.resolve("capture.log.2").toString(), tmp.resolve("capture.log.1").toString(),
                file.toString())).read((AuditEvent e) -> serials.add(e.serial()), null);
        assertThat(serials).containsExactly(104L, 105L, 106L, 107L, 108L, 109L, 110L);
    }

    @Test
    void appendsToAnExistingFileNeverTruncatesIt() throws Exception {
        Path file = tmp.resolve("audit.log");
        Files.writeString(file, "type=SYSCALL msg=audit(1.000:1): old=1\n");
        try (RawLog log = RawLog.to(file, 0, 5)) {
            write(log, 1300, "audit(2.000:2): new=1");
        }
        assertThat(Files.readAllLines(file)).containsExactly("type=SYSCALL msg=audit(1.000:1): old=1",
                "type=SYSCALL msg=audit(2.000:2): new=1");
    }
}
