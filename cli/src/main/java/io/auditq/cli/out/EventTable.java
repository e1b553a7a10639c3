package io.auditq.cli.out;

import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.SocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** A one-line-per-event human view of {@code auditq events}: time, serial, types, syscall, who, what. */
public final class EventTable {
    private final Writer out;
    private final Times times;

    public EventTable(Writer out, Times times) {
        this.out = out;
        this.times = times;
    }

    public void row(NormalizedEvent e) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(times.format(e.timeMillis())).append(' ').append(e.serial()).append(' ')
                .append(String.join(",", e.records()));
        if (e.syscall() != null) {
            sb.append(' ').append(e.syscall());
            if (e.errno() != null) {
                sb.append('=').append(e.errno());
            } else if (e.exit() != null) {
                sb.append('=').append(e.exit());
            }
        }
        if (e.pid() != null) {
            sb.append(" pid=").append(e.pid());
        }
        if (e.user() != null || e.uid() != null) {
            sb.append(" user=").append(e.user() != null ? e.user() : e.uid());
        }
        if (e.loginUser() != null || e.auid() != null) {
            sb.append(" login=").append(e.loginUser() != null ? e.loginUser() : e.auid());
        }
        if (e.exe() != null) {
            sb.append(" exe=").append(e.exe());
        }
        if (e.sockaddr() instanceof SocketAddress.Inet in) {
            sb.append(" addr=").append(in.address()).append(':').append(in.port());
        } else if (e.sockaddr() instanceof SocketAddress.Unix u) {
            sb.append(" unix=").append(u.path());
        }
        if (e.argv() != null) {
            sb.append(" argv=").append(String.join(" ", e.argv()));
        }
        sb.append('\n');
        try {
            out.write(Terminal.safe(sb.toString()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
