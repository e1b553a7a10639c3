package io.auditq.parser.normal;

import io.auditq.parser.input.LogSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The names a log's ENRICHED fields give uids and gids ({@code UID="alice"} beside {@code uid=1000}), per node,
 * learned from every record of the input before any other record is named by them. What this table holds does not
 * depend on the order files and lines were read in: each name keeps the earliest record that gives it (by log
 * time, then serial, then read position), and two names for one id are both kept, a conflict for the reader to
 * report rather than a choice.
 *
 * <p>Memory is bounded, and so that the bound cannot make the answer depend on read order either, what is kept when
 * it is reached is defined by the ids and times alone: the {@link #MAX_IDS} lowest (node, kind, id) keys, and per
 * id the {@link #MAX_NAMES} names seen first. {@link #full()} says that more were named.
 */
public final class LearnedNames {
    /** Most ids kept over all nodes: a hostile log could otherwise name a new uid in every record. */
    public static final int MAX_IDS = 65_536;
    /** Most distinct names kept per id; one is usual, two are a conflict, more are noise or an attack. */
    public static final int MAX_NAMES = 8;

    /** Whether an id is a uid or a gid. */
    public enum Kind { USER, GROUP }

    /** An id on a node; node is null for records without {@code node=}. */
    public record Key(String node, Kind kind, long id) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::node, Comparator.nullsFirst(String::compareTo))
                .thenComparing(Key::kind).thenComparingLong(Key::id);
    }

    /** One name for an id, and the first record that gives it: {@link #origin()} is where the evidence is. */
    public record Sighting(String name, long timeMillis, long serial, LogSource source, long line) {
        static final Comparator<Sighting> ORDER = Comparator.comparingLong(Sighting::timeMillis)
                .thenComparingLong(Sighting::serial).thenComparingInt(s -> s.source().ordinal())
                .thenComparingLong(Sighting::line).thenComparing(Sighting::name);

        /** file:line of the record. */
        public String origin() {
            return source.name() + ":" + line;
        }
    }

    /** An id the log gives two or more names, each with the first record that gives it, earliest first. */
    public record Conflict(Key key, List<Sighting> names) {
        /** "uid 1000 on web01 has 2 names in the log's ENRICHED fields: alice (f:3), bob (f:9)". */
        public String sentence() {
            return (key.kind() == Kind.USER ? "uid " : "gid ") + key.id() + (key.node() == null ? "" : " on "
                    + key.node()) + " has " + names.size() + " names in the log's ENRICHED fields: " + listing();
        }

        /** "alice (f:3), bob (f:9)". */
        public String listing() {
            List<String> parts = new ArrayList<>(names.size());
            for (Sighting s : names) {
                parts.add(s.name() + " (" + s.origin() + ")");
            }
            return String.join(", ", parts);
        }
    }

    private final TreeMap<Key, List<Sighting>> ids = new TreeMap<>(Key.ORDER);
    private boolean full;

    /** Remembers that a record names this id; a name that is no name ({@link #usable}) is ignored. */
    public void learn(String node, Kind kind, long id, String name, long timeMillis, long serial, LogSource source,
                      long line) {
        if (id < 0 || id == AccountNames.UNSET || !usable(name)) {
            return;
        }
        add(new Key(node, kind, id), new Sighting(name, timeMillis, serial, source, line));
    }

    private void add(Key key, Sighting s) {
        List<Sighting> names = ids.get(key);
        if (names == null) {
            if (ids.size() >= MAX_IDS) {
                full = true;
                if (Key.ORDER.compare(key, ids.lastKey()) > 0) {
                    return; // the highest keys are the ones not kept, whatever the order they come in
                }
                ids.pollLastEntry();
            }
            names = new ArrayList<>(1);
            ids.put(key, names);
        }
        for (int i = 0; i < names.size(); i++) {
            Sighting known = names.get(i);
            if (known.name().equals(s.name())) {
                if (Sighting.ORDER.compare(s, known) < 0) {
                    names.remove(i);
                    insert(names, s);
                }
                return;
            }
        }
        insert(names, s);
        if (names.size() > MAX_NAMES) {
            full = true;
            names.removeLast(); // the name seen last is dropped, whatever the order it was read in
        }
    }

    private static void insert(List<Sighting> names, Sighting s) {
        int at = Collections.binarySearch(names, s, Sighting.ORDER);
        names.add(at < 0 ? -at - 1 : at, s);
    }

    /** Adds everything another table learned (an earlier ingest's names, kept in the case). */
    public void addAll(LearnedNames other) {
        other.ids.forEach((k, l) -> l.forEach(s -> add(k, s)));
        full |= other.full;
    }

    /** The names the log gives this id, earliest first; empty when none. */
    public List<Sighting> names(String node, Kind kind, long id) {
        List<Sighting> l = ids.get(new Key(node, kind, id));
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    /** Every id and its names, in key order. */
    public Map<Key, List<Sighting>> all() {
        return Collections.unmodifiableMap(ids);
    }

    /** The ids the log gives two or more names, in key order. */
    public List<Conflict> conflicts() {
        List<Conflict> out = new ArrayList<>();
        ids.forEach((k, l) -> {
            if (l.size() > 1) {
                out.add(new Conflict(k, List.copyOf(l)));
            }
        });
        return out;
    }

    /** True when the log named more ids, or more names for one id, than are kept (see the class comment). */
    public boolean full() {
        return full;
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    /** Marks the table as having dropped names (one loaded from a case that had). */
    public void markFull() {
        full = true;
    }

    /** False for what auditd writes when it has no name: empty, {@code unset}, {@code ?}, {@code unknown(N)}. */
    public static boolean usable(String name) {
        return name != null && !name.isEmpty() && !name.equals("unset") && !name.equals("?")
                && !name.startsWith("unknown(");
    }

    @Override
    public String toString() {
        return "LearnedNames[" + ids.size() + " ids" + (full ? ", full" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnedNames l && l.ids.equals(ids) && l.full == full;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ids, full);
    }
}
