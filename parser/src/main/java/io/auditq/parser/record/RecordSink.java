package io.auditq.parser.record;

import java.util.function.Consumer;

/** Receives what the record parser makes of input lines: records, and the lines it could not read. */
public interface RecordSink {
    void record(AuditRecord record);

    void malformed(Malformation malformation);

    /** A sink that hands records to one consumer and malformed lines to the other. */
    static RecordSink of(Consumer<AuditRecord> records, Consumer<Malformation> malformed) {
        return new RecordSink() {
            @Override
            public void record(AuditRecord record) {
                records.accept(record);
            }

            @Override
            public void malformed(Malformation malformation) {
                malformed.accept(malformation);
            }
        };
    }
}
