package io.auditq.query.connect;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.normal.Arch;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.normal.SyscallTable;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads events in log order and tells which are outbound connection attempts, with the protocol, program and
 * argv the log allows: the one place that decides what counts as a connection. It needs no database, so the
 * case loader and live capture share it.
 *
 * <p>Protocol comes from the socket() call that created the fd: tracked per (node, pid, fd) with the type's
 * SOCK_NONBLOCK/SOCK_CLOEXEC flags masked off; copied by dup/dup2/dup3/fcntl(F_DUPFD), by fork (clone) and
 * accept, dropped by close/close_range and, for close-on-exec fds, by execve, all when those calls are audited
 * (an fd reused by an unaudited open() keeps its old entry until a socket() or dup replaces it).
 * A child's fd not seen is looked up under its parent, because fork is rarely audited. Only what the log shows
 * is used: an fd the log never shows created has an unknown protocol, and {@link ProtocolBasis} says why.
 *
 * <p>Memory is bounded: processes not seen for the longest time are forgotten past {@link #MAX_PROCESSES}.
 */
public final class ConnectionTracker {
    /** Processes remembered per node before the least recently seen are forgotten. */
    public static final int MAX_PROCESSES = 200_000;
    /** TASK_COMM_LEN - 1: the kernel cuts comm to this many bytes. */
    private static final int COMM_MAX = 15;

    // fcntl(2) commands and flags (asm-generic/fcntl.h, the same on every Linux arch)
    private static final long F_DUPFD = 0, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;
    private static final long O_CLOEXEC = 02000000;
    private static final long CLONE_THREAD = 0x10000;
    private static final long CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final String DELETED = " (deleted)";

    /**
     * The syscalls this tracker reads; all other events change nothing, so a reader may drop them before
     * decoding (the one-shot question does) and get the same answers as a full ingest.
     */
    public static final Set<String> SYSCALLS = Set.of("connect", "sendto", "sendmsg", "sendmmsg", "socket",
            "socketcall", "dup", "dup2", "dup3", "fcntl", "fcntl64", "accept", "accept4", "close", "close_range",
            "execve", "execveat", "clone", "clone3", "fork", "vfork");

    /** What one event means for connections. */
    public sealed interface Observation {
    }

    /** Nothing about connections. */
    public record Nothing() implements Observation {
    }

    /** A socket() call or a copy of a socket fd (also when it failed). */
    public record Socket(SocketFact fact) implements Observation {
    }

    /** An outbound connection attempt. */
    public record Attempt(ConnectionAttempt attempt) implements Observation {
    }

    private static final Nothing NOTHING = new Nothing();

    private record OpenSocket(Protocol protocol, Integer domain, Long type, Long ipProtocol, boolean cloexec,
                              Long socketRef) {
        OpenSocket withCloexec(boolean c) {
            return c == cloexec ? this : new OpenSocket(protocol, domain, type, ipProtocol, c, socketRef);
        }
    }

    private static final class Process {
        HashMap<Long, OpenSocket> fds;
        ProcessImage image;
        long lastSeen;

        HashMap<Long, OpenSocket> fds() {
            if (fds == null) {
                fds = new HashMap<>(8);
            }
            return fds;
        }
    }

    private static final class Node {
        final HashMap<Long, Process> processes = new HashMap<>();
        boolean socketsAudited;
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Integer> socketcallNumbers = new HashMap<>();
    private long connectEvents;
    private long unaddressed;
    private long attempts;

    /**
     * Reads one event, in log order.
     *
     * @param raw   the event's records (for the SOCKETCALL record of a 32-bit socketcall)
     * @param event the same event normalized
     * @param ref   the caller's reference for this event (a row id): attempts name the socket() and execve
     *              events they depend on by it
     */
    public Observation observe(AuditEvent raw, NormalizedEvent event, long ref) {
        String sc = event.syscall();
        if (sc == null || event.pid() == null || !SYSCALLS.contains(sc)) {
            return NOTHING;
        }
        Node node = nodes.computeIfAbsent(key(event.node()), k -> new Node());
        long pid = event.pid();
        Process proc = process(node, pid, event.timeMillis());
        boolean socketcall = isSocketcall(event);
        long[] args = socketcall ? socketcallArgs(raw) : event.args();
        Long exit = event.exit();
        boolean ok = exit != null && exit >= 0;
        return switch (sc) {
            case "connect", "sendto", "sendmsg", "sendmmsg" -> attempt(node, proc, raw, event, args, socketcall);
            case "socket" -> socket(node, proc, args, exit, ok, ref);
            case "dup", "dup2", "dup3" -> copy(proc, sc, args, exit, ok, ref);
            case "fcntl", "fcntl64" -> fcntl(proc, sc, args, exit, ok, ref);
            case "accept", "accept4" -> accept(proc, sc, args, exit, ok, ref);
            case "close" -> {
                if (args != null && args[0] >= 0 && !"EBADF".equals(event.errno()) && proc.fds != null) {
                    proc.fds.remove(args[0]); // the fd is released even when close() reports EINTR or EIO
                }
                yield NOTHING;
            }
            case "close_range" -> {
                if (ok && args != null) {
                    closeRange(proc, args[0], args[1], args[2]);
                }
                yield NOTHING;
            }
            case "execve", "execveat" -> {
                if (ok) {
                    exec(proc, event, ref);
                }
                yield NOTHING;
            }
            case "clone", "clone3", "fork", "vfork" -> {
                boolean thread = sc.equals("clone") && args != null && args[0] >= 0 && (args[0] & CLONE_THREAD) != 0;
                if (ok && exit > 0 && !thread) {
                    fork(node, proc, exit, event.timeMillis());
                }
                yield NOTHING;
            }
            default -> NOTHING;
        };
    }

    /** connect() events seen, of any address family (a log without any has connect unaudited). */
    public long connectEvents() {
        return connectEvents;
    }

    /** connect() events without a SOCKADDR record: their destination is not in the log. */
    public long unaddressedConnects() {
        return unaddressed;
    }

    /** Outbound attempts found (inet and inet6 destinations, loopback included). */
    public long attempts() {
        return attempts;
    }

    /** The nodes (null for none) whose log showed a socket() call. */
    public List<String> nodesAuditingSockets() {
        List<String> out = new ArrayList<>();
        nodes.forEach((k, n) -> {
            if (n.socketsAudited) {
                out.add(k);
            }
        });
        return out;
    }

    /** True when the log showed at least one socket() call of this node: socket() is audited there. */
    public boolean socketsAudited(String node) {
        Node n = nodes.get(key(node));
        return n != null && n.socketsAudited;
    }

    /** The syscall's arguments: a 32-bit socketcall's real ones from its SOCKETCALL record; null when not logged. */
    public long[] argumentsOf(AuditEvent raw, NormalizedEvent e) {
        return isSocketcall(e) ? socketcallArgs(raw) : e.args();
    }

    /**
     * What the tracker knows of this fd right now: the protocol of its socket() call (or the parent's, inherited
     * across fork), null when the log does not show the fd created. Reads only; changes nothing.
     */
    public Protocol protocolOf(String node, Long pid, Long ppid, long fd) {
        Node n = nodes.get(key(node));
        if (n == null || pid == null) {
            return null;
        }
        for (Long p : new Long[] {pid, ppid}) {
            Process proc = p == null ? null : n.processes.get(p);
            OpenSocket s = proc == null || proc.fds == null ? null : proc.fds.get(fd);
            if (s != null) {
                return s.protocol() != null ? s.protocol() : Protocol.OTHER;
            }
        }
        return null;
    }

    // ---- the syscalls ----

    private Observation attempt(Node node, Process proc, AuditEvent raw, NormalizedEvent e, long[] args,
                                boolean socketcall) {
        if (e.syscall().equals("connect")) {
            connectEvents++;
            if (e.sockaddr() == null) {
                unaddressed++;
            }
        }
        if (!(e.sockaddr() instanceof SocketAddress.Inet in)) {
            return NOTHING; // unix, netlink, AF_UNSPEC (disconnect), or no address: not an outbound connection
        }
        attempts++;
        Long fd = args != null && args[0] >= 0 ? args[0] : null;
        OpenSocket sock = fd == null || proc.fds == null ? null : proc.fds.get(fd);
        ProtocolBasis basis = ProtocolBasis.SOCKET;
        if (sock == null && fd != null && e.ppid() != null) {
            Process parent = node.processes.get(e.ppid());
            sock = parent == null || parent.fds == null ? null : parent.fds.get(fd);
            basis = ProtocolBasis.INHERITED;
        }
        Protocol protocol;
        Long socketRef = null;
        if (sock != null) {
            protocol = sock.protocol() != null ? sock.protocol() : Protocol.OTHER;
            socketRef = sock.socketRef();
        } else {
            protocol = Protocol.UNKNOWN;
            basis = node.socketsAudited ? ProtocolBasis.UNSEEN : ProtocolBasis.NOT_AUDITED;
        }
        ProcessImage image = imageOf(node, proc, e);
        String program = image != null ? image.program() : null;
        String address = in.address();
        boolean loopback = in.loopback() || address.equals("0.0.0.0") || address.equals("::");
        AuditRecord first = raw.records().getFirst();
        ConnectionAttempt a = new ConnectionAttempt(e.node(), e.timeMillis(), e.serial(), e.syscall(), socketcall,
                e.pid(), e.ppid(), e.uid(), e.user(), e.auid(), e.loginUser(), e.ses(), e.exe(), e.comm(),
                commMismatch(e.comm(), e.exe(), program), fd, in.family(), in.mapped(), address, in.port(), loopback,
                protocol, basis, socketRef, Outcome.of(e.exit(), e.errno()), e.exit(),
                image != null ? image.executionRef() : null, image != null ? image.argv() : null, e.proctitle(),
                e.keys() == null ? null : String.join(",", e.keys()), first.source(), first.line());
        return new Attempt(a);
    }

    private Observation socket(Node node, Process proc, long[] args, Long exit, boolean ok, long ref) {
        node.socketsAudited = true;
        Integer domain = null;
        Long type = null, ipProto = null;
        boolean nonblock = false, cloexec = false;
        Protocol protocol = Protocol.UNKNOWN;
        if (args != null && args[0] >= 0 && args[1] >= 0) {
            domain = (int) args[0];
            long rawType = args[1];
            nonblock = (rawType & SocketConstants.SOCK_NONBLOCK) != 0;
            cloexec = (rawType & SocketConstants.SOCK_CLOEXEC) != 0;
            type = rawType & ~(SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC);
            ipProto = args[2] >= 0 ? args[2] : null;
            protocol = Protocol.ofSocket(domain, type, ipProto == null ? 0 : ipProto);
        }
        Long fd = ok ? exit : null;
        if (ok) {
            proc.fds().put(exit, new OpenSocket(protocol, domain, type, ipProto, cloexec, ref));
        }
        return new Socket(new SocketFact("socket", fd, null, domain, type, ipProto, protocol, nonblock, cloexec));
    }

    private Observation copy(Process proc, String sc, long[] args, Long exit, boolean ok, long ref) {
        if (!ok || args == null || args[0] < 0) {
            return NOTHING;
        }
        long from = args[0];
        boolean cloexec = sc.equals("dup3") && args[2] >= 0 && (args[2] & O_CLOEXEC) != 0;
        return duplicate(proc, sc, from, exit, cloexec, ref);
    }

    private Observation fcntl(Process proc, String sc, long[] args, Long exit, boolean ok, long ref) {
        if (!ok || args == null || args[0] < 0) {
            return NOTHING;
        }
        long cmd = args[1];
        if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
            return duplicate(proc, sc, args[0], exit, cmd == F_DUPFD_CLOEXEC, ref);
        }
        if (cmd == F_SETFD && proc.fds != null) {
            OpenSocket s = proc.fds.get(args[0]);
            if (s != null) {
                proc.fds.put(args[0], s.withCloexec((args[2] & FD_CLOEXEC) != 0));
            }
        }
        return NOTHING;
    }

    private Observation accept(Process proc, String sc, long[] args, Long exit, boolean ok, long ref) {
        if (!ok || args == null || args[0] < 0) {
            return NOTHING;
        }
        boolean cloexec = sc.equals("accept4") && args[3] >= 0 && (args[3] & SocketConstants.SOCK_CLOEXEC) != 0;
        return duplicate(proc, sc, args[0], exit, cloexec, ref);
    }

    /** newFd now refers to what fromFd refers to, when that is a socket the tracker knows; else newFd is unknown. */
    private Observation duplicate(Process proc, String sc, long fromFd, long newFd, boolean cloexec, long ref) {
        OpenSocket from = proc.fds == null ? null : proc.fds.get(fromFd);
        if (from == null) {
            if (proc.fds != null) {
                proc.fds.remove(newFd); // dup2 onto a tracked fd closes it
            }
            return NOTHING;
        }
        OpenSocket copy = new OpenSocket(from.protocol(), from.domain(), from.type(), from.ipProtocol(), cloexec, ref);
        proc.fds().put(newFd, copy);
        return new Socket(new SocketFact(sc, newFd, fromFd, from.domain(), from.type(), from.ipProtocol(),
                from.protocol(), false, cloexec));
    }

    private static void closeRange(Process proc, long first, long last, long flags) {
        if (proc.fds == null || first < 0) {
            return;
        }
        long hi = last < 0 ? Long.MAX_VALUE : last; // ~0U is "to the end"
        Iterator<Map.Entry<Long, OpenSocket>> it = proc.fds.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, OpenSocket> e = it.next();
            if (e.getKey() >= first && e.getKey() <= hi) {
                if ((flags & CLOSE_RANGE_CLOEXEC) != 0) {
                    e.setValue(e.getValue().withCloexec(true));
                } else {
                    it.remove();
                }
            }
        }
    }

    private static void exec(Process proc, NormalizedEvent e, long ref) {
        if (proc.fds != null) {
            proc.fds.values().removeIf(OpenSocket::cloexec);
        }
        proc.image = new ProcessImage(ref, e.timeMillis(), e.exe(), executedFile(e), e.argv());
    }

    /** The child gets the parent's fds and program, unless its own events (which can come first) said otherwise. */
    private void fork(Node node, Process parent, long childPid, long time) {
        Process child = process(node, childPid, time);
        if (parent.fds != null && !parent.fds.isEmpty()) {
            HashMap<Long, OpenSocket> fds = child.fds();
            parent.fds.forEach(fds::putIfAbsent);
        }
        if (child.image == null) {
            child.image = parent.image;
        }
    }

    private static ProcessImage imageOf(Node node, Process proc, NormalizedEvent e) {
        if (proc.image != null && Objects.equals(proc.image.exe(), e.exe())) {
            return proc.image;
        }
        if (proc.image == null && e.ppid() != null) {
            // forked without exec (the fork was not audited): it runs its parent's program with its argv
            Process parent = node.processes.get(e.ppid());
            if (parent != null && parent.image != null && Objects.equals(parent.image.exe(), e.exe())) {
                return parent.image;
            }
        }
        return null;
    }

    // ---- helpers ----

    private Process process(Node node, long pid, long time) {
        Process p = node.processes.get(pid);
        if (p == null) {
            if (node.processes.size() >= MAX_PROCESSES) {
                forgetOldest(node);
            }
            p = new Process();
            node.processes.put(pid, p);
        }
        if (time > p.lastSeen) {
            p.lastSeen = time;
        }
        return p;
    }

    /** Forgets the least recently seen quarter of a node's processes. */
    private static void forgetOldest(Node node) {
        long[] seen = new long[node.processes.size()];
        int i = 0;
        for (Process p : node.processes.values()) {
            seen[i++] = p.lastSeen;
        }
        java.util.Arrays.sort(seen);
        long cut = seen[seen.length / 4];
        node.processes.values().removeIf(p -> p.lastSeen <= cut);
    }

    private boolean isSocketcall(NormalizedEvent e) {
        if (e.syscallNumber() == null || e.arch() == null) {
            return false;
        }
        Integer n = socketcallNumbers.computeIfAbsent(e.arch(), a -> {
            Arch arch = Arch.fromField(a);
            return arch == null ? -1 : SyscallTable.number(arch, "socketcall");
        });
        return n >= 0 && n.intValue() == e.syscallNumber();
    }

    /** A socketcall's real arguments are in its SOCKETCALL record ({@code nargs=3 a0=… a1=… a2=…}). */
    private static long[] socketcallArgs(AuditEvent raw) {
        AuditRecord r = raw.first(RecordTypes.SOCKETCALL);
        if (r == null) {
            return null;
        }
        return new long[] {r.hexNumber("a0", -1), r.hexNumber("a1", -1), r.hexNumber("a2", -1),
                r.hexNumber("a3", -1)};
    }

    private static String key(String node) {
        return node == null ? "" : node;
    }

    /** The name of the file execve ran (its first PATH item), as the kernel would set comm from it. */
    static String executedFile(NormalizedEvent e) {
        List<PathItem> paths = e.paths();
        if (paths != null) {
            for (PathItem p : paths) {
                if (p.item() == 0 && p.name() != null) {
                    return basename(p.name());
                }
            }
        }
        return null;
    }

    /**
     * Whether comm shows a process or thread that renamed itself, as far as the log shows it. FALSE when comm is the
     * name of exe, or of the file execve ran ({@code program}: a script, a symlink), or a shortened versioned form of
     * exe ({@code python3} for {@code python3.11}). TRUE when it is none of these and the execve is in the log, or
     * when comm holds a '/' (no file's name does). Otherwise null, not known: the kernel names a process after the
     * file it executes, so a script run through its {@code #!} line has the script's name as comm and the
     * interpreter as exe, and only its execve tells that from a rename.
     */
    public static Boolean commMismatch(String comm, String exe, String program) {
        if (comm == null || exe == null) {
            return false;
        }
        String name = basename(exe.endsWith(DELETED) ? exe.substring(0, exe.length() - DELETED.length()) : exe);
        if (comm.equals(cut(name)) || (program != null && comm.equals(cut(program)))) {
            return false;
        }
        if (name.startsWith(comm) && name.length() > comm.length()
                && (name.charAt(comm.length()) == '.' || name.charAt(comm.length()) == '-')) {
            return false;
        }
        return program != null || comm.indexOf('/') >= 0 ? Boolean.TRUE : null;
    }

    /** Of several attempts' {@link #commMismatch}: TRUE when any is, else null when any is not known, else FALSE. */
    public static Boolean anyMismatch(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    private static String cut(String s) {
        // comm is cut at 15 bytes, not characters
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return b.length <= COMM_MAX ? s : new String(b, 0, COMM_MAX, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** For tests and diagnostics: how many (pid, fd) sockets are tracked. */
    int trackedSockets() {
        int n = 0;
        for (Node node : nodes.values()) {
            for (Process p : node.processes.values()) {
                n += p.fds == null ? 0 : p.fds.size();
            }
        }
        return n;
    }

    /** The open sockets, for saving where tracking stopped (the case database continues from them). */
    public List<TrackedSocket> openSockets() {
        List<TrackedSocket> out = new ArrayList<>();
        nodes.forEach((node, n) -> n.processes.forEach((pid, p) -> {
            if (p.fds != null) {
                p.fds.forEach((fd, s) -> out.add(new TrackedSocket(node, pid, fd,
                        s.protocol() == null ? Protocol.OTHER : s.protocol(), s.cloexec(), s.socketRef())));
            }
        }));
        return out;
    }

    /** Continues from sockets saved by an earlier run (see {@link #openSockets}). */
    public void restore(TrackedSocket s) {
        Node node = nodes.computeIfAbsent(s.node(), k -> new Node());
        node.socketsAudited = true;
        process(node, s.pid(), 0).fds().put(s.fd(),
                new OpenSocket(s.protocol(), null, null, null, s.cloexec(), s.socketRef()));
    }

    /** Continues with a process's program known from an earlier run. */
    public void restore(String node, long pid, ProcessImage image) {
        Node n = nodes.computeIfAbsent(key(node), k -> new Node());
        process(n, pid, image.timeMillis()).image = image;
    }

    /** A socket the tracker holds open: saved between ingests. */
    public record TrackedSocket(String node, long pid, long fd, Protocol protocol, boolean cloexec, Long socketRef) {
    }
}
