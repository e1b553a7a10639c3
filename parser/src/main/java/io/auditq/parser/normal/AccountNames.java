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
import java.util.Map;
import java.util.Objects;

/**
 * uid and gid to names, from the evidence: first what the log itself says (ENRICHED fields, learned per node),
 * then passwd/group files copied from the evidence host, and the analyst's own /etc only when asked for,
 * because uid 1000 on a laptop is not uid 1000 on the server.
 */
public final class AccountNames {
    /** uid/auid/ses value the kernel writes for "not set". */
    public static final long UNSET = 4294967295L;
    /**
     * Most user names, and as many group names, learned from the log over all nodes: every ENRICHED record may name
     * a new uid, so a hostile log could otherwise grow the heap without bound. Real hosts name far fewer.
     */
    public static final int MAX_LEARNED = 65_536;

    private final Map<Long, String> users = new HashMap<>();
    private final Map<Long, String> groups = new HashMap<>();
    private final Map<NodeId, String> learnedUsers = new HashMap<>();
    private final Map<NodeId, String> learnedGroups = new HashMap<>();
    private long notLearned;

    private record NodeId(String node, long id) {
    }

    /** No names but what the log carries. */
    public static AccountNames fromLogOnly() {
        return new AccountNames();
    }

    public AccountNames withPasswd(Path passwd) {
        read(passwd, users, 2);
        return this;
    }

    public AccountNames withGroup(Path group) {
        read(group, groups, 2);
        return this;
    }

    /** The evidence host's passwd from a stream (a file on another file system); {@code name} is for messages. */
    public AccountNames withPasswd(InputStream passwd, String name) {
        readInto(passwd, name, users, 2, true);
        return this;
    }

    /** The evidence host's group file from a stream; {@code name} is for messages. */
    public AccountNames withGroup(InputStream group, String name) {
        readInto(group, name, groups, 2, true);
        return this;
    }

    /** The analyst's own /etc/passwd and /etc/group: only on explicit request (--local-names). */
    public AccountNames withLocalNames() {
        Path p = Path.of("/etc/passwd"), g = Path.of("/etc/group");
        if (Files.isReadable(p)) {
            readInto(p, users, 2, false);
        }
        if (Files.isReadable(g)) {
            readInto(g, groups, 2, false);
        }
        return this;
    }

    private static void read(Path file, Map<Long, String> into, int idColumn) {
        readInto(file, into, idColumn, true);
    }

    private static void readInto(Path file, Map<Long, String> into, int idColumn, boolean override) {
        try {
            readInto(Files.newInputStream(file), file.toString(), into, idColumn, override);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readInto(InputStream in, String name, Map<Long, String> into, int idColumn,
                                 boolean override) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(":", -1);
                if (f.length <= idColumn) {
                    continue;
                }
                try {
                    long id = Long.parseLong(f[idColumn].trim());
                    if (override || !into.containsKey(id)) {
                        into.putIfAbsent(id, f[0]);
                    }
                } catch (NumberFormatException ignored) {
                    // a malformed passwd line names nobody
                }
            }
        } catch (IOException e) {
            throw new InputException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Remembers what an ENRICHED record said about this uid on this node. */
    public void learnUser(String node, long uid, String name) {
        if (uid >= 0 && uid != UNSET && name != null && !name.isEmpty() && !name.equals("unset") && !name.startsWith("unknown(")) {
            learn(learnedUsers, new NodeId(node, uid), name);
        }
    }

    public void learnGroup(String node, long gid, String name) {
        if (gid >= 0 && gid != UNSET && name != null && !name.isEmpty() && !name.startsWith("unknown(")) {
            learn(learnedGroups, new NodeId(node, gid), name);
        }
    }

    private void learn(Map<NodeId, String> into, NodeId id, String name) {
        // when full, new ids are refused rather than old ones evicted: eviction would make a later lookup of an
        // evicted id answer differently (from passwd, or not at all) than an earlier lookup did
        if (into.size() >= MAX_LEARNED && !into.containsKey(id)) {
            notLearned++;
            return;
        }
        into.put(id, name);
    }

    /**
     * How many times an ENRICHED name for a new uid or gid was not kept because {@link #MAX_LEARNED} were already
     * learned: ids it named are answered from passwd/group, or not at all. Zero for any real log.
     */
    public long notLearned() {
        return notLearned;
    }

    /** The user name for a uid on a node, or null when the evidence does not say. */
    public String user(String node, long uid) {
        if (uid < 0 || uid == UNSET) {
            return null;
        }
        String n = learnedUsers.get(new NodeId(node, uid));
        return n != null ? n : users.get(uid);
    }

    public String group(String node, long gid) {
        if (gid < 0 || gid == UNSET) {
            return null;
        }
        String n = learnedGroups.get(new NodeId(node, gid));
        return n != null ? n : groups.get(gid);
    }

    @Override
    public String toString() {
        return "AccountNames[" + users.size() + " users, " + groups.size() + " groups, "
                + learnedUsers.size() + " learned, " + notLearned + " not learned]" + Objects.hash(users);
    }
}
