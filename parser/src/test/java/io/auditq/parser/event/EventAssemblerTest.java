package io.auditq.parser.event;

import io.auditq.parser.input.LogSource;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordTypes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventAssemblerTest {
    private static final LogSource SRC = new LogSource("test", null, 0);

    private static AuditRecord rec(int type, long time, long serial) {
        return new AuditRecord(type, RecordTypes.name(type), "web01", time, serial,
                "x=1".getBytes(StandardCharsets.US_ASCII), SRC, serial);
    }

    @Test
    void aBusyHostBeyondTheBoundIsNotReportedAsSplit() {
        // 20,000 events per second for 3 s: far more in flight than the bound of 1,000 used here
        List<AuditEvent> out = new ArrayList<>();
        EventAssembler a = new EventAssembler(out::add, 3_000, 1_000);
        for (int i = 0; i < 60_000; i++) {
            long t = 1_700_000_000_000L + i / 20;
            a.accept(rec(RecordTypes.SYSCALL, t, i));
            a.accept(rec(RecordTypes.SOCKADDR, t, i));
        }
        a.finish();
        assertThat(out).hasSize(60_000).allSatisfy(e -> {
            assertThat(e.complete()).isTrue();
            assertThat(e.records()).hasSize(2);
        });
        assertThat(a.closedEarly()).isGreaterThan(50_000);
        assertThat(a.fragments()).isZero();
    }

    @Test
    void aRecordArrivingAfterItsEventClosedIsAMarkedFragment() {
        List<AuditEvent> out = new ArrayList<>();
        EventAssembler a = new EventAssembler(out::add, 3_000, 1_000);
        long t0 = 1_700_000_000_000L;
        a.accept(rec(RecordTypes.SYSCALL, t0, 60));
        a.accept(rec(RecordTypes.PATH, t0, 60));
        a.accept(rec(RecordTypes.SYSCALL, t0 + 7_800, 61)); // the log's clock closes serial 60
        a.accept(rec(RecordTypes.PATH, t0, 60));            // … and then its second PATH arrives
        a.finish();
        assertThat(out).extracting(e -> e.serial() + ":" + e.records().size() + ":" + e.complete())
                .containsExactly("60:2:true", "61:1:true", "60:1:false");
        assertThat(a.fragments()).isEqualTo(1);
    }

    @Test
    void anEndMarkerForAClosedEventMakesNoEventOfItsOwn() {
        List<AuditEvent> out = new ArrayList<>();
        EventAssembler a = new EventAssembler(out::add, 3_000, 1_000);
        long t0 = 1_700_000_000_000L;
        a.accept(rec(RecordTypes.SYSCALL, t0, 7));
        a.accept(rec(RecordTypes.EOE, t0, 7));
        a.accept(rec(RecordTypes.EOE, t0, 7));
        a.finish();
        assertThat(out).singleElement().satisfies(e -> assertThat(e.records()).hasSize(2));
        assertThat(a.lateEoe()).isEqualTo(1);
    }
}
