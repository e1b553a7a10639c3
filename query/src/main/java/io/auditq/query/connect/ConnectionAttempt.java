package io.auditq.query.connect;

import io.auditq.parser.input.LogSource;

import java.util.List;

/**
 * One outbound connection attempt read from the log: a connect() (or socketcall connect) to an inet or inet6
 * address, or a sendto/sendmsg/sendmmsg that carried one. What {@code auditq connections} counts.
 *
 * @param node          the node= of the record, or null
 * @param socketcall    made through the 32-bit socketcall multiplexer
 * @param commMismatch  comm is not the name of exe (nor of the file executed, nor a versioned form of it); null when
 *                      that is not known ({@link ConnectionTracker#commMismatch})
 * @param fd            the socket's fd, null when the log does not give it
 * @param family        {@code inet} or {@code inet6}
 * @param mapped        an IPv4-mapped inet6 address ({@code ::ffff:a.b.c.d}), given as the IPv4 host
 * @param loopback      127.0.0.0/8, ::1, or the unspecified 0.0.0.0 and :: (which connect to this host)
 * @param socketRef     the caller's reference of the socket() event the protocol came from, or null
 * @param outcome       see {@link Outcome}
 * @param executionRef  the caller's reference of the execve event that started this program, or null
 * @param argv          that execve's argv, or null when the log does not have it
 * @param line          the line of the event's first record in {@code source}
 */
public record ConnectionAttempt(
        String node, long timeMillis, long serial,
        String syscall, boolean socketcall,
        Long pid, Long ppid, Long uid, String user, Long auid, String loginUser, Long ses,
        String exe, String comm, Boolean commMismatch,
        Long fd, String family, boolean mapped, String address, int port, boolean loopback,
        Protocol protocol, ProtocolBasis basis, Long socketRef,
        String outcome, Long exit,
        Long executionRef, List<String> argv, String proctitle, String key,
        LogSource source, long line) {
}
