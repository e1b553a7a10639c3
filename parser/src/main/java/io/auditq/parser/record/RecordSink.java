package io.auditq.parser.record;

/** Receives what the record parser makes of input lines: records, and the lines it could not read. */
public interface RecordSink {
    void record(AuditRecord record);

    void malformed(Malformation malformation);
}
