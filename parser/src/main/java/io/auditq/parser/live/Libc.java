package io.auditq.parser.live;

import io.auditq.parser.normal.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C library calls {@link AuditNetlink} makes, as FFM downcalls that also capture errno. Nothing else in
 * auditq calls native code; only {@link AuditNetlink} calls these.
 *
 * <p>Every handle takes the call-state segment first (where errno is captured) and returns the C result;
 * {@code ssize_t}/{@code size_t}/{@code socklen_t} are mapped for 64-bit Linux, the only platform
 * {@link AuditNetlink#unsupportedPlatform()} accepts.
 */
final class Libc {
    private Libc() {
    }

    // errno values come from the generated asm-generic table (the platforms allowed here all use it)
    static final int EPERM = errno("EPERM");
    static final int EINTR = errno("EINTR");
    static final int EAGAIN = errno("EAGAIN");
    static final int EACCES = errno("EACCES");
    static final int EEXIST = errno("EEXIST");
    static final int ENOENT = errno("ENOENT");
    static final int ENOBUFS = errno("ENOBUFS");
    static final int EPROTONOSUPPORT = errno("EPROTONOSUPPORT");
    static final int EAFNOSUPPORT = errno("EAFNOSUPPORT");
    static final int ECONNREFUSED = errno("ECONNREFUSED");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** int socket(int domain, int type, int protocol) */
    static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** int bind(int fd, const struct sockaddr *addr, socklen_t len) */
    static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** int setsockopt(int fd, int level, int name, const void *value, socklen_t len) */
    static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen) */
    static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    /** ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen) */
    static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** int close(int fd) */
    static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** A segment for one call's captured errno, owned by the caller's arena. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno the last call through this state segment left. */
    static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** The errno's name and message, e.g. "EPERM (Operation not permitted)". */
    static String describe(int errno) {
        String name = Errno.name(errno);
        String message = Errno.message(errno);
        if (name == null) {
            return "errno " + errno;
        }
        return message == null ? name : name + " (" + message + ")";
    }

    private static int errno(String name) {
        int n = Errno.number(name);
        if (n < 0) {
            throw new IllegalStateException("errno table lacks " + name);
        }
        return n;
    }

    @SuppressWarnings("restricted") // the reason this class exists; the launcher grants native access
    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("the C library has no " + name + "()"));
        return LINKER.downcallHandle(symbol, fd, Linker.Option.captureCallState("errno"));
    }
}
