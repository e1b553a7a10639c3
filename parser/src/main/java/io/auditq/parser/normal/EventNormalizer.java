package io.auditq.parser.normal;

import io.auditq.parser.event.AuditEvent;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.RecordTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@link AuditEvent} into a {@link NormalizedEvent}: syscall names for the record's own arch,
 * errno names, socket addresses, argv, paths, and names for the uids and gids from the evidence: the record's own
 * ENRICHED names, else {@link AccountNames} (which learns nothing here: names other records give are learned over
 * the whole input first, so that no answer depends on the order records are read in).
 */
public final class EventNormalizer {
    private static final int SOCKETCALL_I386 = 102;
    /** Field names listed in the stray-quote problem; an EXECVE may hold thousands, and five make the point. */
    private static final int STRAY_KEYS_SHOWN = 5;
    /** The uid and gid fields an event shows, with names, in the order ausearch prints them. */
    private static final List<String> USER_FIELDS = List.of("uid", "euid", "suid", "fsuid");
    private static final List<String> GROUP_FIELDS = List.of("gid", "egid", "sgid", "fsgid");

    private final AccountNames names;

    public EventNormalizer(AccountNames names) {
        this.names = names;
    }

    public AccountNames names() {
        return names;
    }

    public NormalizedEvent normalize(AuditEvent event) {
        return normalize(event, null);
    }

    /**
     * Normalizes in full only the syscalls {@code detailFor} accepts (by name); the others get their header, syscall,
     * arguments, exit, errno and ids, and nothing that needs decoding (names, comm, exe, addresses, argv, paths,
     * titles are null). A question that only tracks some syscalls' fds and outcomes skips most of the work.
     *
     * @param detailFor null to normalize every event in full
     */
    public NormalizedEvent normalize(AuditEvent event, java.util.function.Predicate<String> detailFor) {
        List<String> problems = new ArrayList<>(0);
        List<String> types = new ArrayList<>(event.records().size());
        for (AuditRecord r : event.records()) {
            types.add(r.typeName());
        }
        if (!event.complete()) {
            problems.add("late records: an event with this node, time and serial was already closed before "
                    + "these records were read, so the event is split in two; read both together");
        }
        for (AuditEvent.Collision c : event.collisions()) {
            problems.add("key collision: two different " + c.second().typeName() + " records under this node, time "
                    + "and serial (" + where(c.first()) + ", " + where(c.second()) + "): two events logged under one "
                    + "key, or an altered log; both are kept here, and the fields shown are the first's");
        }
        String node = event.node();
        AuditRecord sys = event.first(RecordTypes.SYSCALL);
        AuditRecord login = event.first(RecordTypes.LOGIN);
        AuditRecord main = sys != null ? sys : event.records().getFirst();

        Arch arch = null;
        String archText = null;
        String syscall = null;
        Integer syscallNr = null;
        Boolean success = null;
        Long exit = null;
        String errno = null;
        long[] args = null;
        if (sys != null) {
            String a = sys.raw("arch");
            archText = a;
            if (a != null) {
                arch = Arch.fromField(a);
                if (arch != null) {
                    archText = arch.name();
                } else {
                    problems.add("unknown arch " + a + ": syscall names cannot be resolved");
                }
            }
            String sc = sys.raw("syscall");
            if (sc != null) {
                long n = sys.decimal("syscall", -1);
                if (n >= 0) {
                    syscallNr = (int) n;
                    syscall = arch != null ? SyscallTable.name(arch, (int) n) : null;
                } else {
                    syscall = sc; // already interpreted (ausearch -i style)
                    if (arch != null) {
                        int num = SyscallTable.number(arch, sc);
                        syscallNr = num >= 0 ? num : null;
                    }
                }
            }
            args = new long[] {sys.hexNumber("a0", -1), sys.hexNumber("a1", -1), sys.hexNumber("a2", -1),
                    sys.hexNumber("a3", -1)};
            if (syscallNr != null && syscallNr == SOCKETCALL_I386 && arch != null && "socketcall".equals(syscall)) {
                String sub = SocketCall.name((int) args[0]);
                if (sub != null) {
                    syscall = sub;
                }
            }
            if (syscall == null && syscallNr != null) {
                problems.add("syscall " + syscallNr + " is not in the " + (arch != null ? arch.name() : "unknown")
                        + " table");
            }
            String s = sys.raw("success");
            success = s == null ? null : s.equals("yes");
            long x = sys.decimal("exit", Long.MIN_VALUE);
            if (x != Long.MIN_VALUE) {
                exit = x;
                if (x < 0 && x >= -4095) {
                    errno = Errno.name((int) -x);
                    if (errno == null) {
                        errno = "errno " + (-x);
                    }
                }
            }
        }

        Long pid = id(main, "pid");
        Long ppid = id(main, "ppid");
        Long uid = id(main, "uid");
        Long euid = id(main, "euid");
        Long gid = id(main, "gid");
        Long auid = id(main, "auid");
        Long ses = id(main, "ses");
        AuditRecord idRecord = main; // the record whose ids (and ENRICHED names of them) the event shows
        if (login != null && sys == null) {
            // LOGIN: the new login uid and session ("old auid=… new auid=…" in old kernels, "auid=" in new ones)
            auid = idOf(login.rawLast("auid"));
            ses = idOf(login.rawLast("ses"));
            pid = id(login, "pid");
            uid = id(login, "uid");
            idRecord = login;
        }
        if (auid != null && auid == AccountNames.UNSET) {
            auid = null;
        }
        if (ses != null && ses == AccountNames.UNSET) {
            ses = null;
        }
        if (detailFor != null && sys != null && !detailFor.test(syscall)) {
            return new NormalizedEvent(node, event.timeMillis(), event.serial(), List.copyOf(types), archText, syscall,
                    syscallNr, success, exit, errno, pid, ppid, uid, null, euid, gid, auid, null, ses, null, null, null,
                    null, args, null, null, null, null, null, null, null, null, null, event.origin(),
                    List.copyOf(problems));
        }
        Namer namer = new Namer(node, problems);
        Map<String, IdName> ids = new LinkedHashMap<>();
        for (String f : USER_FIELDS) {
            Long v = f.equals("uid") ? uid : id(idRecord, f);
            if (v != null) {
                ids.put(f, namer.name(idRecord, f, v, LearnedNames.Kind.USER));
            }
        }
        for (String f : GROUP_FIELDS) {
            Long v = id(idRecord, f);
            if (v != null) {
                ids.put(f, namer.name(idRecord, f, v, LearnedNames.Kind.GROUP));
            }
        }
        if (auid != null) {
            ids.put("auid", namer.name(idRecord, "auid", auid, LearnedNames.Kind.USER));
        }
        String user = uid == null ? null : ids.get("uid").name();
        String loginUser = auid == null ? null : ids.get("auid").name();

        String comm = main.text("comm");
        String exe = main.text("exe");
        String tty = main.raw("tty");
        List<String> keys = keys(main);

        SocketAddress sockaddr = null;
        AuditRecord sa = event.first(RecordTypes.SOCKADDR);
        if (sa != null) {
            String hex = sa.raw("saddr");
            SockaddrDecoder.Result res = SockaddrDecoder.decode(hex, arch != null ? arch.bigEndian() : null);
            sockaddr = res.address();
            if (res.problem() != null) {
                problems.add("saddr: " + res.problem());
            }
        }

        List<String> argv = null;
        Long argc = null;
        List<AuditRecord> execve = event.all(RecordTypes.EXECVE);
        if (!execve.isEmpty()) {
            ProcessArgs.Argv a = ProcessArgs.fromExecve(execve);
            argv = a.args();
            argc = a.argc() >= 0 ? a.argc() : null;
            if (a.problem() != null) {
                problems.add(a.problem());
            }
        }
        AuditRecord cwdRec = event.first(RecordTypes.CWD);
        String cwd = cwdRec != null ? cwdRec.text("cwd") : null;

        List<PathItem> paths = null;
        List<AuditRecord> pathRecs = event.all(RecordTypes.PATH);
        if (!pathRecs.isEmpty()) {
            paths = new ArrayList<>(pathRecs.size());
            for (AuditRecord p : pathRecs) {
                Long ouid = id(p, "ouid");
                IdName owner = ouid == null ? null : namer.name(p, "ouid", ouid, LearnedNames.Kind.USER);
                long mode = octal(p.raw("mode"));
                long inode = p.decimal("inode", -1);
                paths.add(new PathItem((int) p.decimal("item", -1), p.text("name"), p.raw("nametype"),
                        inode >= 0 ? inode : null, mode >= 0 ? (int) mode : null, ouid,
                        owner == null ? null : owner.name(), owner == null ? null : owner.inferredFrom()));
            }
        }

        String proctitle = null;
        Boolean truncated = null;
        AuditRecord pt = event.first(RecordTypes.PROCTITLE);
        if (pt != null) {
            ProcessArgs.Title t = ProcessArgs.proctitle(pt);
            if (t != null) {
                proctitle = t.joined();
                truncated = t.truncated();
                if (t.truncated()) {
                    problems.add("proctitle is cut by the kernel at " + ProcessArgs.PROCTITLE_MAX + " bytes");
                }
            }
        }

        if (argv != null && !argv.isEmpty() && proctitle != null && !titleMatches(proctitle, argv)) {
            // the kernel caches PROCTITLE per task from its first audited event and keeps it across execve
            problems.add("proctitle names another program than this execve's argv: the kernel keeps the title "
                    + "it cached before the exec; trust argv");
        }
        List<AuditRecord> read = new ArrayList<>(3 + execve.size() + pathRecs.size()); // what the values came from
        read.addAll(execve);
        read.addAll(pathRecs);
        if (cwdRec != null) {
            read.add(cwdRec);
        }
        if (pt != null) {
            read.add(pt);
        }
        if (!read.contains(main)) { // without a SYSCALL, main is the first record, which may be one of these
            read.addFirst(main);
        }
        strayQuotes(read, problems);
        NormalizedEvent.UserMessage um = null;
        if (sys == null && (main.has("op") || main.has("acct") || main.has("res") || main.has("terminal"))) {
            um = new NormalizedEvent.UserMessage(main.text("op"), main.text("acct"), main.raw("hostname"),
                    main.raw("addr"), main.raw("terminal"), main.raw("res"), main.text("cmd"));
        }
        return new NormalizedEvent(node, event.timeMillis(), event.serial(), List.copyOf(types), archText, syscall,
                syscallNr, success, exit, errno, pid, ppid, uid, user, euid, gid, auid, loginUser, ses, tty, comm, exe,
                keys, args, sockaddr, argv, argc, cwd, paths, proctitle, truncated, um, ids, event.origin(),
                List.copyOf(problems));
    }

    /** Says which fields of these records were hex with a stray '"', decoded without it (AuditRecord#strayQuote). */
    private static void strayQuotes(List<AuditRecord> read, List<String> problems) {
        List<String> keys = new ArrayList<>(0);
        int extra = 0;
        for (AuditRecord r : read) {
            for (int f = 0, n = r.fieldCount(); f < n; f++) {
                if ((r.fieldKind(f) & AuditRecord.ENRICHED) == 0 && r.strayQuote(f)) {
                    if (keys.size() < STRAY_KEYS_SHOWN) {
                        keys.add(r.fieldKey(f));
                    } else {
                        extra++;
                    }
                }
            }
        }
        if (!keys.isEmpty()) {
            String more = extra > 0 ? " and " + extra + " more" : "";
            problems.add("stray '\"' after hex in " + String.join(", ", keys) + more + ": decoded without it, as "
                    + "ausearch -i does; the kernel never writes this, so the line was damaged or altered");
        }
    }

    /** True when the title is the argv joined by spaces, or a start of it (the kernel cuts titles at 128 bytes). */
    static boolean titleMatches(String proctitle, List<String> argv) {
        return String.join(" ", argv).startsWith(proctitle);
    }

    /**
     * Names an event's ids: the record's own ENRICHED name first, else {@link AccountNames} (an account file, a name
     * another record gives, the built-in root). A name two records disagree on is left out, and said once per id.
     */
    private final class Namer {
        private final String node;
        private final List<String> problems;
        private List<String> said;

        Namer(String node, List<String> problems) {
            this.node = node;
            this.problems = problems;
        }

        IdName name(AuditRecord r, String field, long id, LearnedNames.Kind kind) {
            String own = r.enriched(field.toUpperCase(Locale.ROOT));
            if (LearnedNames.usable(own)) {
                return new IdName(id, own, null);
            }
            AccountNames.Name n = kind == LearnedNames.Kind.USER ? names.userName(node, id) : names.groupName(node, id);
            if (n == null) {
                return new IdName(id, null, null);
            }
            return switch (n.basis()) {
                case LOG -> new IdName(id, n.name(), n.from().origin());
                case CONFLICT -> {
                    conflict(kind, id, n.names());
                    yield new IdName(id, null, null);
                }
                case FILE, BUILT_IN -> new IdName(id, n.name(), null);
            };
        }

        private void conflict(LearnedNames.Kind kind, long id, List<LearnedNames.Sighting> seen) {
            String what = (kind == LearnedNames.Kind.USER ? "uid " : "gid ") + id;
            if (said == null) {
                said = new ArrayList<>(1);
            }
            if (!said.contains(what)) {
                said.add(what);
                problems.add(new LearnedNames.Conflict(new LearnedNames.Key(node, kind, id), seen).sentence()
                        + "; left unnamed");
            }
        }
    }

    private static String where(AuditRecord r) {
        return r.source().name() + ":" + r.line();
    }

    private static Long id(AuditRecord r, String key) {
        long v = r.decimal(key, Long.MIN_VALUE);
        if (v == Long.MIN_VALUE) {
            return null;
        }
        return v == -1 ? AccountNames.UNSET : v;
    }

    private static Long idOf(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            long v = Long.parseLong(raw);
            return v == -1 ? AccountNames.UNSET : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long octal(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Rule keys: hex-encoded when several (joined by 0x01) or unusual, quoted otherwise; (null) is none. */
    static List<String> keys(AuditRecord r) {
        String k = r.text("key");
        if (k == null || k.isEmpty()) {
            return null;
        }
        return List.of(k.split("\u0001"));
    }
}
