package io.auditq.parser.live;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Set;

import static io.auditq.parser.live.LiveAuditException.Kind.FAILED;
import static io.auditq.parser.live.LiveAuditException.Kind.MISSING_CAPABILITY;
import static io.auditq.parser.live.LiveAuditException.Kind.UNAVAILABLE;

/**
 * The owner of one NETLINK_AUDIT socket and of all native memory it uses (one confined {@link Arena}):
 * the only place auditq touches native code.
 *
 * <p>Two uses: {@link #readLog} joins the read-only multicast group AUDIT_NLGRP_READLOG, which gets a copy of
 * every record the kernel emits without taking auditd's unicast role (so it runs beside auditd); {@link #control}
 * talks to the kernel for status and rules. Confined: open, use and close it on one thread.
 */
public final class AuditNetlink implements AutoCloseable {
    // linux/socket.h, linux/netlink.h, asm-generic/socket.h (x86, arm, s390 and riscv share these values)
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_AUDIT = 9;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_ADD_MEMBERSHIP = 1;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    /** linux/audit.h: the multicast group for read-only listeners. */
    private static final int AUDIT_NLGRP_READLOG = 1;
    /** struct sockaddr_nl: u16 family, u16 pad, u32 port id, u32 groups. */
    private static final int SOCKADDR_NL = 12;
    /** Larger than any audit record (the kernel splits long ones, e.g. EXECVE, below 8 KiB). */
    public static final int MAX_DATAGRAM = 1 << 16;
    private static final Set<String> ASM_GENERIC_64 = Set.of("amd64", "x86_64", "aarch64", "s390x", "riscv64");

    private final Arena arena;
    private final int fd;
    private final MemorySegment state;
    private final MemorySegment buffer;
    private final MemorySegment peer;
    private final MemorySegment peerLength;
    private final MemorySegment kernel;
    private boolean closed;

    /** What one receive brought. */
    public sealed interface Received {
        /** A datagram of {@code length} bytes (copied into the caller's array) from netlink port {@code sender}. */
        record Datagram(int length, int sender, boolean truncated) implements Received {
        }

        /** Nothing arrived within the receive timeout. */
        record TimedOut() implements Received {
        }

        /** ENOBUFS: the socket's buffer overflowed and the kernel dropped records for it. */
        record Overflow() implements Received {
        }

        /** A signal interrupted the wait (EINTR): nothing was lost. */
        record Interrupted() implements Received {
        }
    }

    private AuditNetlink(Arena arena, int fd, MemorySegment state) {
        this.arena = arena;
        this.fd = fd;
        this.state = state;
        this.buffer = arena.allocate(MAX_DATAGRAM, 8);
        this.peer = arena.allocate(SOCKADDR_NL, 4);
        this.peerLength = arena.allocate(ValueLayout.JAVA_INT);
        this.kernel = arena.allocate(SOCKADDR_NL, 4);
        kernel.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK); // port id 0 = the kernel
    }

    /**
     * Opens a socket in the read-only multicast group. {@code receiveBuffer} asks for that much kernel buffer
     * (root may exceed net.core.rmem_max); a bigger buffer rides out bursts without ENOBUFS.
     */
    public static AuditNetlink readLog(Duration receiveTimeout, int receiveBuffer) throws LiveAuditException {
        AuditNetlink nl = open(receiveTimeout);
        try {
            nl.bufferSize(receiveBuffer);
            MemorySegment group = nl.arena.allocate(ValueLayout.JAVA_INT);
            group.set(ValueLayout.JAVA_INT, 0, AUDIT_NLGRP_READLOG);
            int rc = (int) Libc.SETSOCKOPT.invokeExact(nl.state, nl.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group,
                    (int) group.byteSize());
            if (rc < 0) {
                int errno = Libc.errno(nl.state);
                if (errno == Libc.EPERM || errno == Libc.EACCES) {
                    throw new LiveAuditException(MISSING_CAPABILITY, "reading kernel audit records needs root or the "
                            + "CAP_AUDIT_READ capability (the kernel refused to let this process join the audit "
                            + "multicast group: " + Libc.describe(errno) + ")");
                }
                throw new LiveAuditException(FAILED, "joining the kernel audit multicast group failed: "
                        + Libc.describe(errno));
            }
            return nl;
        } catch (LiveAuditException | RuntimeException | Error e) {
            nl.close();
            throw e;
        } catch (Throwable t) {
            nl.close();
            throw new IllegalStateException(t);
        }
    }

    /** Opens a socket for requests to the kernel (status, rules); replies wait at most {@code receiveTimeout}. */
    public static AuditNetlink control(Duration receiveTimeout) throws LiveAuditException {
        return open(receiveTimeout);
    }

    /** Why this JVM cannot use AuditNetlink, or null when it can. */
    public static String unsupportedPlatform() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux")) {
            return "kernel audit is Linux-only (this is " + os + ")";
        }
        if (ValueLayout.ADDRESS.byteSize() != 8 || !ASM_GENERIC_64.contains(arch)) {
            return "live capture supports 64-bit x86, arm, s390 and riscv Linux (this JVM runs on " + arch + ")";
        }
        return null;
    }

    private static AuditNetlink open(Duration receiveTimeout) throws LiveAuditException {
        String unsupported = unsupportedPlatform();
        if (unsupported != null) {
            throw new LiveAuditException(UNAVAILABLE, unsupported);
        }
        Arena arena = Arena.ofConfined();
        MemorySegment state = Libc.callState(arena);
        int fd;
        try {
            fd = (int) Libc.SOCKET.invokeExact(state, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("socket() downcall failed", t);
        }
        if (fd < 0) {
            int errno = Libc.errno(state);
            arena.close();
            if (errno == Libc.EPROTONOSUPPORT || errno == Libc.EAFNOSUPPORT) {
                throw new LiveAuditException(UNAVAILABLE, "this kernel has no audit support (opening a NETLINK_AUDIT "
                        + "socket failed: " + Libc.describe(errno) + ")");
            }
            throw new LiveAuditException(FAILED, "opening a NETLINK_AUDIT socket failed: " + Libc.describe(errno));
        }
        AuditNetlink nl = new AuditNetlink(arena, fd, state);
        try {
            MemorySegment self = arena.allocate(SOCKADDR_NL, 4);
            self.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK); // port id 0: the kernel picks one
            int rc = (int) Libc.BIND.invokeExact(state, fd, self, SOCKADDR_NL);
            if (rc < 0) {
                throw new LiveAuditException(FAILED, "binding the NETLINK_AUDIT socket failed: "
                        + Libc.describe(Libc.errno(state)));
            }
            // struct timeval {long tv_sec; long tv_usec}: the receive timeout lets a loop notice a stop request
            long millis = Math.max(1, receiveTimeout.toMillis());
            MemorySegment tv = arena.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
            tv.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000);
            rc = (int) Libc.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            if (rc < 0) {
                throw new LiveAuditException(FAILED, "setting the receive timeout failed: "
                        + Libc.describe(Libc.errno(state)));
            }
            return nl;
        } catch (LiveAuditException | RuntimeException | Error e) {
            nl.close();
            throw e;
        } catch (Throwable t) {
            nl.close();
            throw new IllegalStateException(t);
        }
    }

    /** Asks for a receive buffer; SO_RCVBUFFORCE (root) may exceed rmem_max, SO_RCVBUF is capped by it. */
    private void bufferSize(int bytes) throws Throwable {
        MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
        size.set(ValueLayout.JAVA_INT, 0, bytes);
        int rc = (int) Libc.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4);
        if (rc < 0) {
            // not privileged: rmem_max caps this; a smaller buffer only means ENOBUFS sooner, which is reported
            int _ = (int) Libc.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUF, size, 4);
        }
    }

    /**
     * Waits up to the receive timeout for one datagram and copies it into {@code into} (whose length bounds
     * what is kept; {@link Received.Datagram#truncated} says when the datagram was longer).
     */
    public Received receive(byte[] into) throws LiveAuditException {
        return receive(into, 0);
    }

    /** Like {@link #receive} but without waiting: {@link Received.TimedOut} when nothing is queued. */
    public Received receiveQueued(byte[] into) throws LiveAuditException {
        return receive(into, MSG_DONTWAIT);
    }

    private Received receive(byte[] into, int flags) throws LiveAuditException {
        ensureOpen();
        peerLength.set(ValueLayout.JAVA_INT, 0, SOCKADDR_NL);
        long n;
        int cap = Math.min(into.length, MAX_DATAGRAM);
        try {
            n = (long) Libc.RECVFROM.invokeExact(state, fd, buffer, (long) cap, MSG_TRUNC | flags, peer, peerLength);
        } catch (Throwable t) {
            throw new IllegalStateException("recvfrom() downcall failed", t);
        }
        if (n < 0) {
            int errno = Libc.errno(state);
            if (errno == Libc.EAGAIN) {
                return new Received.TimedOut();
            }
            if (errno == Libc.ENOBUFS) {
                return new Received.Overflow();
            }
            if (errno == Libc.EINTR) {
                return new Received.Interrupted();
            }
            throw new LiveAuditException(FAILED, "receiving from the kernel failed: " + Libc.describe(errno));
        }
        int kept = (int) Math.min(n, cap);
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, kept);
        return new Received.Datagram(kept, peer.get(ValueLayout.JAVA_INT, 4), n > cap);
    }

    /** Sends one request datagram to the kernel. */
    public void send(byte[] message) throws LiveAuditException {
        ensureOpen();
        if (message.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException("netlink request of " + message.length + " bytes");
        }
        MemorySegment.copy(message, 0, buffer, ValueLayout.JAVA_BYTE, 0, message.length);
        long n;
        try {
            n = (long) Libc.SENDTO.invokeExact(state, fd, buffer, (long) message.length, 0, kernel, SOCKADDR_NL);
        } catch (Throwable t) {
            throw new IllegalStateException("sendto() downcall failed", t);
        }
        if (n < 0) {
            int errno = Libc.errno(state);
            if (errno == Libc.ECONNREFUSED) {
                throw new LiveAuditException(UNAVAILABLE, "the kernel only answers audit requests from the initial "
                        + "user and PID namespace (this process runs in a container's namespaces)");
            }
            throw new LiveAuditException(FAILED, "sending to the kernel failed: " + Libc.describe(errno));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket already closed");
        }
    }

    /** Closes the socket (leaving the multicast group) and frees its memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int _ = (int) Libc.CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close() downcall failed", t);
        } finally {
            arena.close();
        }
    }
}
