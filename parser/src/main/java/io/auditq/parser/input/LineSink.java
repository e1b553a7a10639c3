package io.auditq.parser.input;

/** Receives the lines of one source; the buffer is reused after the call returns, so copy what you keep. */
@FunctionalInterface
public interface LineSink {
    /**
     * @param buf bytes of the line without its terminator (a trailing CR is removed too)
     * @param lineNumber 1-based line number within the source
     * @param truncated true when the line was longer than the reader's limit and was cut; len is then that limit
     */
    void line(LogSource source, long lineNumber, byte[] buf, int off, int len, boolean truncated);
}
