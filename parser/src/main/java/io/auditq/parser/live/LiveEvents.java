package io.auditq.parser.live;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.event.EventAssembler;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;

import java.util.function.Consumer;

/**
 * Live records grouped into events for the {@code --live} commands, with the same {@link EventAssembler} a log
 * file goes through. The kernel ends every syscall event with EOE on the wire, so a connect or an execve is
 * handed on as soon as its last record arrives; records without EOE (user-space messages) wait for the log's
 * clock like in a file, and whatever is open when the capture stops is handed on then.
 */
public final class LiveEvents implements LiveAuditSource.Listener {
    private final EventAssembler assembler;
    private final Runnable flush;

    /** Hands events to {@code events}; {@code flush} runs when the socket is idle and at the end. */
    public LiveEvents(Consumer<AuditEvent> events, Runnable flush) {
        this.assembler = new EventAssembler(events);
        this.flush = flush;
    }

    @Override
    public void record(AuditRecord record) {
        assembler.accept(record);
    }

    @Override
    public void malformed(Malformation m) {
        // counted and shown by whoever runs the capture (LiveAuditSource.Stats); nothing to assemble
    }

    @Override
    public void idle() {
        flush.run();
    }

    @Override
    public void end() {
        assembler.finish();
        flush.run();
    }
}
