package io.auditq.query.connect;

/**
 * A socket() call, or a dup/fcntl copy of a socket fd, as the tracker read it.
 *
 * @param syscall    socket, dup, dup2, dup3, fcntl (or fcntl64), accept, accept4
 * @param fd         the fd it created, null when the call failed
 * @param fromFd     for a copy or an accept: the fd it came from
 * @param domain     AF_* number, null when unknown (a copy of a socket whose creation is not in the log)
 * @param type       SOCK_* with the flags masked off, null when unknown
 * @param ipProtocol socket()'s protocol argument, null when unknown
 * @param protocol   what the fd carries; null for families other than inet and inet6
 */
public record SocketFact(String syscall, Long fd, Long fromFd, Integer domain, Long type, Long ipProtocol,
                         Protocol protocol, boolean nonblock, boolean cloexec) {
}
