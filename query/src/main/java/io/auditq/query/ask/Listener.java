package io.auditq.query.ask;

/**
 * One bind(), listen() or accept() on an inet socket: who listened where, and who was accepted from where.
 *
 * @param event     listen, accept (accept and accept4), or bind
 * @param addr      the local address the socket listens on (from its bind()); null when the bind is not in the log
 * @param peerAddr  for an accept: where the connection came from
 * @param newFd     for an accept: the connection's fd
 */
public record Listener(long time, String addr, Integer port, String protocol, Long pid, String exe, String user,
                       String loginUser, String event, String syscall, String peerAddr, Integer peerPort,
                       String outcome, Long ppid, String comm, Long uid, Long auid, Long ses, String node, Long fd,
                       Long newFd, String source) {

    /** The local end as one would type it: {@code 0.0.0.0:4444}, {@code [::]:22}, or ? when unknown. */
    public String local() {
        return endpoint(addr, port);
    }

    /** The peer as one would type it, or null when there is none. */
    public String peer() {
        return peerAddr == null ? null : endpoint(peerAddr, peerPort);
    }

    static String endpoint(String a, Integer p) {
        if (a == null) {
            return "?";
        }
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + (p == null ? "?" : p);
    }
}
