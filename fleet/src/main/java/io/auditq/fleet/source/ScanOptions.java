package io.auditq.fleet.source;

import io.auditq.fleet.host.FactQuestion;
import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.connect.Protocol;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a read of {@code format("auditq")} is asked, from its options: {@code path} (or {@code paths}, or
 * {@code roots}: comma-separated) the fleet roots; {@code table}; {@code since}/{@code until} (epoch ms or an
 * ISO-8601 instant); {@code protocols} (comma-separated, or any; default tcp,unknown); {@code includeLoopback};
 * {@code digests} (sha256 of every file, and every event counted whatever the window; default for hosts and
 * store); {@code hosts} (comma-separated: only these).
 */
public record ScanOptions(List<String> roots, FleetTable table, FactQuestion question, boolean digests,
                          Set<String> hosts) implements Serializable {

    public static ScanOptions of(Map<String, String> options) {
        Map<String, String> o = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        o.putAll(options);
        FleetTable table = FleetTable.named(o.getOrDefault("table", "connections"));
        List<String> roots = roots(o);
        FactQuestion q = new FactQuestion(time(o.get("since")), time(o.get("until")), protocols(o.get("protocols")),
                Boolean.parseBoolean(o.getOrDefault("includeLoopback", "false")));
        boolean digests = Boolean.parseBoolean(o.getOrDefault("digests",
                String.valueOf(table == FleetTable.HOSTS || table == FleetTable.STORE)));
        String hosts = o.get("hosts");
        return new ScanOptions(roots, table, q, digests, hosts == null ? null : Set.copyOf(split(hosts)));
    }

    private static List<String> roots(Map<String, String> o) {
        if (o.containsKey("roots")) {
            return split(o.get("roots"));
        }
        if (o.containsKey("paths")) {
            // Spark's load(p1, p2, ...): a JSON array of strings
            String json = o.get("paths").strip();
            String inner = json.substring(1, json.length() - 1).strip();
            return inner.isEmpty() ? List.of() : Arrays.stream(inner.split("\",\\s*\"")).map(s -> s.replace("\"", ""))
                    .toList();
        }
        if (o.containsKey("path")) {
            return List.of(o.get("path"));
        }
        throw new IllegalArgumentException("auditq: no fleet root: load(\"ROOT\") or option(\"roots\", \"R1,R2\")");
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Long time(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        return t.chars().allMatch(Character::isDigit) ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
    }

    private static Set<Protocol> protocols(String s) {
        if (s == null || s.isBlank()) {
            return ConnectionQuestion.DEFAULT_PROTOCOLS;
        }
        Set<Protocol> set = EnumSet.noneOf(Protocol.class);
        for (String p : split(s)) {
            String l = p.toLowerCase(Locale.ROOT);
            if (l.equals("any") || l.equals("all")) {
                return null;
            }
            set.add(Protocol.fromLabel(l));
        }
        return set;
    }

    /** The options that give this read again (the auditq commands build their reads with it). */
    public static Map<String, String> options(List<String> roots, FleetTable table, FactQuestion q, boolean digests,
                                              Set<String> hosts) {
        Map<String, String> o = new TreeMap<>();
        o.put("roots", String.join(",", roots));
        o.put("table", table.name().toLowerCase(Locale.ROOT));
        if (q.since() != null) {
            o.put("since", q.since().toString());
        }
        if (q.until() != null) {
            o.put("until", q.until().toString());
        }
        o.put("protocols", q.protocols() == null ? "any"
                : String.join(",", q.protocols().stream().map(Protocol::label).toList()));
        o.put("includeLoopback", String.valueOf(q.includeLoopback()));
        o.put("digests", String.valueOf(digests));
        if (hosts != null) {
            o.put("hosts", String.join(",", hosts));
        }
        return o;
    }
}
