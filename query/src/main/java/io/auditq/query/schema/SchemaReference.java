package io.auditq.query.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The case schema as schema.sql documents it: its tables and views, and each column with the meaning its comment
 * gives. Read from the script itself, so docs/schema.md and the shell's .describe cannot drift from the schema.
 *
 * @param preface the script's opening comment (its conventions)
 */
public record SchemaReference(String preface, List<Table> tables) {
    private static final Pattern CREATE = Pattern.compile("CREATE (TABLE|VIEW) (\\w+)");
    private static final Pattern COLUMN = Pattern.compile("^\\s+(\\w+)\\s+(.+?)(?:,)?\\s*(?:--\\s*(.*))?$");
    private static final Pattern INDEX = Pattern.compile("CREATE INDEX (\\w+) ON (\\w+) \\((.*)\\);");

    /** Columns many tables share, which schema.sql explains once in its header rather than at each table. */
    public static final Map<String, String> SHARED = shared();

    private static Map<String, String> shared() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", "the row's id; for rows from an event, the event's own id (events.id)");
        m.put("event_id", "the event the row belongs to (events.id)");
        m.put("node", "the node= name of the host that logged the event; '' when the log has none");
        m.put("time_ms", "the event's time: epoch milliseconds, UTC, the log's own clock");
        m.put("serial", "the event's serial number; (node, time_ms, serial) identifies an event");
        m.put("pid", "process id");
        m.put("ppid", "parent process id");
        m.put("uid", "user id the process ran as");
        m.put("user_name", "name of uid (from the log's ENRICHED fields or --passwd); NULL when unknown");
        m.put("euid", "effective user id");
        m.put("gid", "group id");
        m.put("auid", "login user id (audit uid), kept across su and sudo; NULL when unset");
        m.put("login_user", "name of auid; NULL when unknown");
        m.put("ses", "login session id; NULL when unset");
        m.put("tty", "the process's terminal (none for daemons)");
        m.put("exe", "the executable the process ran");
        m.put("comm", "the process's command name (16 characters, settable by the process itself)");
        m.put("success", "whether the syscall succeeded");
        m.put("errno", "the error name when it failed (ECONNREFUSED, EACCES, …)");
        m.put("rule_key", "audit rule keys (-k), joined by ','");
        m.put("source_id", "the input the row came from (sources.id)");
        m.put("line", "1-based line in that input of the event's first record");
        return Collections.unmodifiableMap(m);
    }

    /** A column: its name, its type as declared (constraints included), and its comment ("" when none). */
    public record Column(String name, String type, String meaning) {
    }

    /**
     * A table or view.
     *
     * @param kind  "table" or "view"
     * @param about the comment above its CREATE
     * @param keys  its constraints and indexes, as declared
     * @param sql   a view's definition (null for a table)
     */
    public record Table(String kind, String name, String about, List<Column> columns, List<String> keys, String sql) {
    }

    /** The schema this auditq creates (schema.sql on the classpath). */
    public static SchemaReference load() {
        try (InputStream in = SchemaReference.class.getResourceAsStream("/io/auditq/query/schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema.sql is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a column means: its comment in schema.sql, else the meaning it has in every table that has it. */
    public static String meaning(Column c) {
        return c.meaning().isEmpty() ? SHARED.getOrDefault(c.name(), "") : c.meaning();
    }

    /** The table or view of that name (any case). */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Reads schema.sql as it is written: comments above a CREATE, one column per line, comments after a column. */
    public static SchemaReference parse(String schema) {
        List<String> lines = schema.lines().toList();
        StringBuilder preface = new StringBuilder();
        int i = 0;
        while (i < lines.size() && lines.get(i).startsWith("--")) {
            preface.append(lines.get(i).replaceFirst("^--\\s?", "")).append('\n');
            i++;
        }
        List<Table> tables = new ArrayList<>();
        StringBuilder about = new StringBuilder();
        for (; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher idx = INDEX.matcher(l);
            Matcher create = CREATE.matcher(l);
            if (l.startsWith("--")) {
                about.append(l.replaceFirst("^--\\s?", "")).append(' ');
            } else if (idx.find()) {
                for (Table t : tables) {
                    if (t.name().equals(idx.group(2))) {
                        t.keys().add("`" + idx.group(1) + "` (" + idx.group(3) + ")");
                    }
                }
            } else if (create.find()) {
                String kind = create.group(1).toLowerCase(Locale.ROOT);
                List<String> keys = new ArrayList<>();
                if (kind.equals("view")) {
                    StringBuilder sql = new StringBuilder(l).append('\n');
                    while (!lines.get(i).strip().endsWith(";") && i + 1 < lines.size()) {
                        sql.append(lines.get(++i)).append('\n');
                    }
                    tables.add(new Table(kind, create.group(2), about.toString().strip(), List.of(), keys,
                            sql.toString().strip()));
                } else {
                    List<String[]> cols = new ArrayList<>();
                    for (i++; i < lines.size() && !lines.get(i).startsWith(")"); i++) {
                        String stripped = lines.get(i).strip();
                        if (stripped.startsWith("--")) {
                            if (!cols.isEmpty()) {
                                String[] last = cols.getLast();
                                last[2] = (last[2] + " " + stripped.replaceFirst("^--\\s?", "")).strip();
                            }
                        } else if (stripped.startsWith("CONSTRAINT") || stripped.startsWith("PRIMARY KEY (")) {
                            keys.add(stripped.replaceFirst(",$", "").replace("CONSTRAINT ", "constraint "));
                        } else {
                            Matcher m = COLUMN.matcher(lines.get(i));
                            if (m.matches()) {
                                cols.add(new String[] {m.group(1), m.group(2).replaceFirst(",$", "").strip(),
                                        m.group(3) == null ? "" : m.group(3).strip()});
                            }
                        }
                    }
                    tables.add(new Table(kind, create.group(2), about.toString().strip(),
                            cols.stream().map(c -> new Column(c[0], c[1], c[2])).toList(), keys, null));
                }
                about.setLength(0);
            } else if (!l.isBlank()) {
                about.setLength(0);
            }
        }
        return new SchemaReference(preface.toString().strip(), List.copyOf(tables));
    }
}
