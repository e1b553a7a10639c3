package io.auditq.parser.normal;

import io.auditq.parser.input.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names for uids and gids that a record does not name itself, from the evidence, in this order: the passwd/group
 * files copied from the evidence host (and the analyst's own /etc only when asked for, because uid 1000 on a
 * laptop is not uid 1000 on the server), then a name other records of the log give the id on the same node
 * ({@link LearnedNames}, marked as inferred, with the record), then the built-in {@code root} for uid and gid 0
 * when no passwd (no group file) was given. An id the log gives two names is left unnamed: a {@link Basis#CONFLICT}.
 */
public final class AccountNames {
    /** uid/auid/ses value the kernel writes for "not set". */
    public static final long UNSET = 4294967295L;
    /** The names every Linux system gives: what ausearch shows for uid 0 whatever the machine. */
    public static final Map<Long, String> BUILT_IN_USERS = Map.of(0L, "root");
    public static final Map<Long, String> BUILT_IN_GROUPS = Map.of(0L, "root");

    /** Where a name comes from. */
    public enum Basis {
        /** --passwd / --group (or --local-names). */
        FILE,
        /** Another record of the log names the id: inferred, see {@link Name#from()}. */
        LOG,
        /** uid or gid 0, named root when no account file is given. */
        BUILT_IN,
        /** The log names the id differently in different records: left unnamed. */
        CONFLICT
    }

    /**
     * An id's name and where it comes from.
     *
     * @param name  null for a {@link Basis#CONFLICT}
     * @param from  the record that gives it ({@link Basis#LOG}); null otherwise
     * @param names every name the log gives the id ({@link Basis#CONFLICT}); empty otherwise
     */
    public record Name(String name, Basis basis, LearnedNames.Sighting from, List<LearnedNames.Sighting> names) {
    }

    private final Map<Long, String> users;
    private final Map<Long, String> groups;
    private final boolean[] given; // {passwd given, group given}
    private final LearnedNames learned;
    private final boolean builtIn;

    private AccountNames(Map<Long, String> users, Map<Long, String> groups, boolean[] given, LearnedNames learned,
                         boolean builtIn) {
        this.users = users;
        this.groups = groups;
        this.given = given;
        this.learned = learned;
        this.builtIn = builtIn;
    }

    /** No names but what the log carries, and the built-in ones. */
    public static AccountNames fromLogOnly() {
        return new AccountNames(new HashMap<>(), new HashMap<>(), new boolean[2], new LearnedNames(), true);
    }

    public AccountNames withPasswd(Path passwd) {
        readInto(passwd, users, true);
        given[0] = true;
        return this;
    }

    public AccountNames withGroup(Path group) {
        readInto(group, groups, true);
        given[1] = true;
        return this;
    }

    /** The evidence host's passwd from a stream (a file on another file system); {@code name} is for messages. */
    public AccountNames withPasswd(InputStream passwd, String name) {
        readInto(passwd, name, users, true);
        given[0] = true;
        return this;
    }

    /** The evidence host's group file from a stream; {@code name} is for messages. */
    public AccountNames withGroup(InputStream group, String name) {
        readInto(group, name, groups, true);
        given[1] = true;
        return this;
    }

    /** The analyst's own /etc/passwd and /etc/group: only on explicit request (--local-names). */
    public AccountNames withLocalNames() {
        Path p = Path.of("/etc/passwd"), g = Path.of("/etc/group");
        if (Files.isReadable(p)) {
            readInto(p, users, false);
            given[0] = true;
        }
        if (Files.isReadable(g)) {
            readInto(g, groups, false);
            given[1] = true;
        }
        return this;
    }

    /** These account files, with the names the log gives ids in other records (learned over the whole input). */
    public AccountNames withLearned(LearnedNames names) {
        LearnedNames all = new LearnedNames();
        all.addAll(learned);
        all.addAll(names);
        return new AccountNames(users, groups, given, all, builtIn);
    }

    /**
     * Only the account files: what a row of the case database stores when it is loaded. Names the log gives in other
     * records, and the built-in ones, which rank below them, are resolved when a question is asked.
     */
    public AccountNames filesOnly() {
        return new AccountNames(users, groups, given, new LearnedNames(), false);
    }

    /** The names learned from the log that these names use. */
    public LearnedNames learned() {
        return learned;
    }

    private static void readInto(Path file, Map<Long, String> into, boolean override) {
        try {
            readInto(Files.newInputStream(file), file.toString(), into, override);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readInto(InputStream in, String name, Map<Long, String> into, boolean override) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            Map<Long, String> read = new HashMap<>();
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(":", -1);
                if (f.length <= 2) {
                    continue;
                }
                try {
                    read.putIfAbsent(Long.parseLong(f[2].trim()), f[0]);
                } catch (NumberFormatException ignored) {
                    // a malformed passwd line names nobody
                }
            }
            read.forEach(override ? into::put : into::putIfAbsent);
        } catch (IOException e) {
            throw new InputException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The user name for a uid on a node, or null when the evidence does not say (or says two things). */
    public String user(String node, long uid) {
        Name n = userName(node, uid);
        return n == null ? null : n.name();
    }

    public String group(String node, long gid) {
        Name n = groupName(node, gid);
        return n == null ? null : n.name();
    }

    /** A uid's name and where it comes from; null when nothing names it. */
    public Name userName(String node, long uid) {
        return resolve(node, uid, LearnedNames.Kind.USER, users, given[0], BUILT_IN_USERS);
    }

    public Name groupName(String node, long gid) {
        return resolve(node, gid, LearnedNames.Kind.GROUP, groups, given[1], BUILT_IN_GROUPS);
    }

    private Name resolve(String node, long id, LearnedNames.Kind kind, Map<Long, String> file, boolean fileGiven,
                         Map<Long, String> builtInNames) {
        if (id < 0 || id == UNSET) {
            return null;
        }
        String n = file.get(id);
        if (n != null) {
            return new Name(n, Basis.FILE, null, List.of());
        }
        List<LearnedNames.Sighting> seen = learned.names(node, kind, id);
        if (seen.size() == 1) {
            return new Name(seen.getFirst().name(), Basis.LOG, seen.getFirst(), List.of());
        }
        if (seen.size() > 1) {
            return new Name(null, Basis.CONFLICT, null, seen);
        }
        n = builtIn && !fileGiven ? builtInNames.get(id) : null;
        return n == null ? null : new Name(n, Basis.BUILT_IN, null, List.of());
    }

    @Override
    public String toString() {
        return "AccountNames[" + users.size() + " users, " + groups.size() + " groups, " + learned
                + (builtIn ? ", built-in" : "") + "]";
    }
}
