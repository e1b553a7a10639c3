package io.auditq.query.load;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.normal.AccountNames;
import io.auditq.query.schema.CaseDatabase;
import io.auditq.query.testing.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.auditq.query.testing.AuditLog.saddr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys kept to catch repeated events cover the last minute of log time, not the whole log: a long log must
 * not grow the heap with it (they once were never pruned, and a 10 GB log ran out of a 512 MB heap).
 */
class RememberedKeysTest {
    static final long T0 = 1_700_000_000_000L;
    static final int EVENTS = 120_000;

    @TempDir
    Path tmp;

    /** 120,000 connect events over 20 minutes: about 6,000 fall in any minute. */
    private Path longLog() {
        AuditLog log = new AuditLog();
        for (int i = 0; i < EVENTS; i++) {
            log.at(T0 + i * 10L).event().pid(100, 1).syscall(42).exit(0).args(3)
                    .sockaddr(saddr("198.18.0." + (i % 200), 443)).add();
        }
        return log.write(tmp.resolve("audit.log"));
    }

    @Test
    void theOneShotScanForgetsKeysOlderThanAMinute() {
        Path log = longLog();
        ConnectionScan scan = new ConnectionScan(AccountNames.fromLogOnly(), Long.MIN_VALUE, Long.MAX_VALUE);
        long[] attempts = {0};
        scan.scan(AuditLogReader.of(List.of(log.toString())), a -> attempts[0]++);
        assertThat(attempts[0]).isEqualTo(EVENTS);
        assertThat(scan.remembered()).isLessThan(EVENTS / 2);
    }

    @Test
    void theLoaderForgetsKeysOlderThanAMinute() {
        Path log = longLog();
        try (CaseDatabase db = CaseDatabase.inMemory()) {
            CaseLoader loader = new CaseLoader(db, CaseLoader.Scope.CONNECTIONS, AccountNames.fromLogOnly(), false);
            CaseLoader.Report r = loader.load(AuditLogReader.of(List.of(log.toString())));
            assertThat(r.events()).isEqualTo(EVENTS);
            assertThat(loader.remembered()).isLessThan(EVENTS / 2);
        }
    }
}
