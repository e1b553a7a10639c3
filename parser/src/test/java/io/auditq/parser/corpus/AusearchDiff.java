package io.auditq.parser.corpus;

import io.auditq.parser.normal.IdName;
import io.auditq.parser.normal.NormalizedEvent;
import io.auditq.parser.normal.PathItem;
import io.auditq.parser.normal.SocketAddress;
import io.auditq.parser.testing.AusearchOutput;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One log as auditq's events and as {@code ausearch -i}'s, compared: event grouping, syscall names, socket
 * addresses, argv, uid/gid names and the unique connect() destinations. Each difference is one {@link Diff} of a
 * kind (what differs) with its detail (where, and the two values).
 */
final class AusearchDiff {
    /** What differs, and where. */
    record Diff(String kind, String detail) {
    }

    /** ausearch prints %m/%d/%y %T.ms in TZ (run with TZ=UTC); two-digit years are 1970-2069. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("MM/dd/")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss.SSS").toFormatter();
    private static final List<String> USER_IDS = List.of("uid", "euid", "suid", "fsuid", "auid");
    private static final List<String> GROUP_IDS = List.of("gid", "egid", "sgid", "fsgid");

    private final boolean names;
    final List<Diff> diffs = new ArrayList<>();
    int compared;

    /** @param names whether names are compared (ausearch ran with the evidence's passwd and group) */
    AusearchDiff(boolean names) {
        this.names = names;
    }

    private record Key(String node, long time, long serial) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(time, o.time);
            c = c != 0 ? c : Long.compare(serial, o.serial);
            return c != 0 ? c : Objects.compare(node, o.node,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        }

        @Override
        public String toString() {
            return (node == null ? "" : node + " ") + time + ":" + serial;
        }
    }

    void compare(List<NormalizedEvent> ours, List<AusearchOutput.Block> theirs) {
        Map<Key, List<NormalizedEvent>> a = new TreeMap<>();
        for (NormalizedEvent e : ours) {
            a.computeIfAbsent(new Key(e.node(), e.timeMillis(), e.serial()), k -> new ArrayList<>()).add(e);
        }
        Map<Key, List<AusearchOutput.Block>> b = new TreeMap<>();
        for (AusearchOutput.Block blk : theirs) {
            for (String u : blk.unread()) {
                diffs.add(new Diff("ausearch printed a line that is no record", u));
            }
            if (blk.records().isEmpty()) {
                continue;
            }
            AusearchOutput.Record r = blk.records().getFirst();
            long t = LocalDateTime.parse(r.time(), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            b.computeIfAbsent(new Key(r.node(), t, r.serial()), k -> new ArrayList<>()).add(blk);
        }
        Set<String> ourDestinations = new TreeSet<>(), theirDestinations = new TreeSet<>();
        Set<Key> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (Key k : keys) {
            List<NormalizedEvent> es = a.getOrDefault(k, List.of());
            List<AusearchOutput.Block> bs = b.getOrDefault(k, List.of());
            for (NormalizedEvent e : es) {
                if ("connect".equals(e.syscall()) && e.sockaddr() instanceof SocketAddress.Inet in) {
                    ourDestinations.add(k.node() + " " + (in.mapped() ? "::ffff:" : "") + in.address() + ":" + in.port());
                }
            }
            for (AusearchOutput.Block blk : bs) {
                Map<String, String> sys = blk.first("SYSCALL"), sa = blk.first("SOCKADDR");
                if (sys != null && sa != null && Set.of("connect", "socketcall(connect)").contains(sys.get("syscall"))) {
                    Map<String, String> s = AusearchOutput.braced(sa.getOrDefault("saddr", ""));
                    if (s.containsKey("laddr") && s.containsKey("lport")) {
                        theirDestinations.add(k.node() + " " + s.get("laddr") + ":" + s.get("lport"));
                    }
                }
            }
            compared++;
            if (es.isEmpty()) {
                diffs.add(new Diff("event only in ausearch", k + " " + types(bs.getFirst())));
                continue;
            }
            if (bs.isEmpty()) {
                diffs.add(new Diff("event only in auditq", k + " " + es.getFirst().records() + " at "
                        + es.getFirst().origin()));
                continue;
            }
            if (es.size() != bs.size()) {
                diffs.add(new Diff(bs.size() > es.size() ? "event split by ausearch" : "event split by auditq",
                        k + " at " + es.getFirst().origin() + ": auditq " + es.size() + ", ausearch " + bs.size()));
                continue;
            }
            for (int i = 0; i < es.size(); i++) {
                event(k, es.get(i), bs.get(i));
            }
        }
        for (String d : ourDestinations) {
            if (!theirDestinations.contains(d)) {
                diffs.add(new Diff("connect destination only in auditq", d));
            }
        }
        for (String d : theirDestinations) {
            if (!ourDestinations.contains(d)) {
                diffs.add(new Diff("connect destination only in ausearch", d));
            }
        }
    }

    private static List<String> types(AusearchOutput.Block b) {
        return b.records().stream().map(AusearchOutput.Record::type).sorted().toList();
    }

    private void event(Key k, NormalizedEvent e, AusearchOutput.Block b) {
        String where = k + " at " + e.origin();
        List<String> ours = e.records().stream().filter(t -> !t.equals("EOE")).sorted().toList();
        List<String> theirs = types(b).stream().filter(t -> !t.equals("EOE")).toList();
        same("record types", where, ours, theirs);
        Map<String, String> sys = b.first("SYSCALL");
        if (sys != null) {
            String s = sys.get("syscall");
            if (s != null && s.startsWith("socketcall(") && s.endsWith(")")) {
                s = s.substring("socketcall(".length(), s.length() - 1); // auditq names it by its sub-call
            }
            same("syscall", where, e.syscall(), s);
        }
        Map<String, String> sa = b.first("SOCKADDR");
        if (sa != null && sa.containsKey("saddr")) {
            sockaddr(where, e.sockaddr(), sa.get("saddr"));
        }
        List<Map<String, String>> execve = b.all("EXECVE");
        if (!execve.isEmpty()) {
            List<String> argv = new ArrayList<>();
            for (int i = 0; ; i++) {
                String a = null;
                for (Map<String, String> r : execve) {
                    a = a != null ? a : r.get("a" + i);
                }
                if (a == null) {
                    break;
                }
                argv.add(a);
            }
            same("argv", where, e.argv() == null ? null : e.argv().stream().map(AusearchOutput::escaped).toList(),
                    argv);
        }
        if (names) {
            names(where, e, b);
        }
    }

    /** The ids of the record the event shows them from (SYSCALL, else LOGIN, else the first), and PATH owners. */
    private void names(String where, NormalizedEvent e, AusearchOutput.Block b) {
        Map<String, String> rec = b.first("SYSCALL");
        if (rec == null) {
            rec = b.first("LOGIN") != null && e.syscall() == null ? b.first("LOGIN") : b.records().getFirst().fields();
        }
        boolean oldLogin = rec == b.first("LOGIN") && rec.containsKey("auid#last");
        for (String f : USER_IDS) {
            if (rec.containsKey(f)) {
                String theirs = rec.get(f);
                if (oldLogin) {
                    // "uid=0 old auid=4294967295 new auid=0": the words old and new are bare, and the event's
                    // login uid is the new one, as auditq reads it
                    theirs = f.equals("auid") ? rec.get("auid#last") : theirs;
                    theirs = theirs.replaceFirst(" (old|new)$", "");
                }
                same("name " + f, where, name(e, f), theirs);
            }
        }
        for (String f : GROUP_IDS) {
            if (rec.containsKey(f)) {
                same("name " + f, where, name(e, f), rec.get(f));
            }
        }
        if (e.paths() != null) {
            for (Map<String, String> path : b.all("PATH")) {
                for (PathItem p : e.paths()) {
                    String theirs = path.get("ouid");
                    if (Objects.equals(path.get("item"), Integer.toString(p.item())) && theirs != null
                            && p.ouid() != null) {
                        same("name ouid", where, p.ownerName() != null ? p.ownerName()
                                : "unknown(" + p.ouid() + ")", theirs);
                    }
                }
            }
        }
    }

    /** auditq's name for the field as ausearch writes it: unknown(N) for none, unset for 4294967295. */
    private static String name(NormalizedEvent e, String field) {
        if (field.equals("auid") && e.auid() == null) {
            return "unset";
        }
        IdName id = e.id(field);
        if (id == null) {
            return null;
        }
        if (id.name() != null) {
            return id.name();
        }
        return id.id() == 4294967295L ? "unset" : "unknown(" + id.id() + ")";
    }

    private void sockaddr(String where, SocketAddress ours, String text) {
        Map<String, String> theirs = AusearchOutput.braced(text);
        // an ENRICHED log's own SADDR text, which ausearch prints as it is, calls the family fam
        String fam = theirs.containsKey("saddr_fam") ? theirs.get("saddr_fam") : theirs.get("fam");
        if (text.equals("unknown-family(0)") && ours instanceof SocketAddress.Other o && o.family().equals("unspec")) {
            return; // AF_UNSPEC: ausearch does not name family 0
        }
        switch (ours) {
            case SocketAddress.Inet i -> {
                same("saddr family", where, i.family(), fam);
                same("saddr addr", where, i.mapped() ? "::ffff:" + i.address() : i.address(), theirs.get("laddr"));
                same("saddr port", where, Integer.toString(i.port()), theirs.get("lport"));
            }
            // ausearch calls AF_UNIX by its other name, local
            case SocketAddress.Unix u -> {
                same("saddr family", where, "local", fam);
                same("saddr path", where, AusearchOutput.escaped(u.path()), theirs.get("path"));
            }
            case SocketAddress.Netlink n -> {
                same("saddr family", where, "netlink", fam);
                same("saddr netlink pid", where, Long.toString(n.portId()), theirs.get("nlnk-pid"));
            }
            case SocketAddress.Other o -> same("saddr family", where, o.family(), fam);
            case null -> diffs.add(new Diff("saddr not decoded by auditq", where + " ausearch " + theirs));
        }
    }

    private void same(String kind, String where, Object ours, Object theirs) {
        if (!Objects.equals(ours, theirs)) {
            diffs.add(new Diff(kind, where + ": auditq=" + show(ours) + " ausearch=" + show(theirs)));
        }
    }

    private static String show(Object o) {
        return o == null ? "null" : "«" + o.toString().replace("\n", "\\n") + "»";
    }

    /** Counts per kind, in kind order. */
    Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        diffs.stream().map(Diff::kind).sorted().forEach(k -> m.merge(k, 1, Integer::sum));
        return m;
    }
}
