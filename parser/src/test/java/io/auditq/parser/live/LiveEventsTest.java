package io.auditq.parser.live;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.record.ParseStats;
import io.auditq.parser.record.RecordParser;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Netlink payloads through the same parser and assembler as a file: EOE ends an event at once. */
class LiveEventsTest {
    private static void send(RecordParser parser, int type, String payload, long n) {
        byte[] b = payload.getBytes(StandardCharsets.US_ASCII);
        parser.payload(type, b, 0, b.length, LiveAuditSource.NETLINK, n);
    }

    @Test
    void aSyscallEventIsHandedOnAtItsEoeAndTheRestAtTheEnd() {
        List<AuditEvent> events = new ArrayList<>();
        int[] flushes = {0};
        LiveEvents live = new LiveEvents(events::add, () -> flushes[0]++);
        RecordParser parser = new RecordParser(live, new ParseStats());
        send(parser, 1300, "audit(1700000000.100:7): arch=c000003e syscall=42 success=yes exit=0 pid=9", 1);
        send(parser, 1306, "audit(1700000000.100:7): saddr=02000050C000020A0000000000000000", 2);
        send(parser, 1105, "audit(1700000000.200:8): pid=1 uid=0 msg='op=PAM:session_open res=success'", 3);
        assertThat(events).isEmpty();
        send(parser, 1320, "audit(1700000000.100:7): ", 4);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.serial()).isEqualTo(7);
            assertThat(e.records()).extracting(r -> r.typeName()).containsExactly("SYSCALL", "SOCKADDR", "EOE");
            assertThat(e.origin()).isEqualTo("netlink:1");
        });
        live.end();
        assertThat(events).extracting(AuditEvent::serial).containsExactly(7L, 8L);
        assertThat(flushes[0]).isEqualTo(1);
    }
}
