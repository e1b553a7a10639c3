package io.auditq.cli.sql;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion at the shell's prompt, from the case's live schema (read once, when the shell starts): after
 * FROM, JOIN and .describe only tables and views; after {@code name.} the columns of that table or of the table
 * that alias stands for; elsewhere SQL keywords, tables, and the columns of the tables the statement names (all
 * columns while it names none). A column is never offered as a table.
 */
final class SqlCompleter implements Completer {
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING",
            "LIMIT", "OFFSET", "JOIN", "LEFT", "INNER", "ON", "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN",
            "DISTINCT", "COUNT", "MIN", "MAX", "SUM", "AS", "ASC", "DESC", "WITH", "UNION", "CASE", "WHEN", "THEN",
            "ELSE", "END", "EXPLAIN", "TRUE", "FALSE");
    private static final Pattern TABLE_NEXT = Pattern.compile("(?is).*\\b(FROM|JOIN|TABLE)\\s*$|\\s*\\.(describe|d)\\s+");
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+(\\w+)(?:\\s+(?:AS\\s+)?(\\w+))?");
    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "left", "inner", "on", "group", "order",
            "limit", "having", "union", "as", "cross", "right", "full", "natural", "offset");

    /** Table and view names (lower case) with their columns, in the case's order. */
    private final Map<String, List<String>> tables;

    SqlCompleter(Map<String, List<String>> tables) {
        this.tables = tables;
    }

    /** The tables, views and columns of the case behind {@code connection} (schema PUBLIC). */
    static SqlCompleter of(Connection connection) {
        Map<String, List<String>> tables = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, "PUBLIC", null, null)) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT), t -> new ArrayList<>())
                        .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            // completion is a convenience: without the schema, keywords and commands still complete
        }
        return new SqlCompleter(tables);
    }

    /** Characters that end a word for completion (and for the shell's line parser, which must agree). */
    static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || "(),;=<>+-*/|%".indexOf(c) >= 0;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String word : candidates(line.line().substring(0, line.cursor()), line.line())) {
            candidates.add(new Candidate(word, word, null, null, null, null, !word.endsWith(".")));
        }
    }

    /**
     * What may complete the last word of {@code text} (the statement up to the cursor), whatever that word holds;
     * {@code statement} is all of it (its FROM clause often comes after the cursor).
     */
    List<String> candidates(String text, String statement) {
        int start = text.length();
        while (start > 0 && !isDelimiter(text.charAt(start - 1))) {
            start--;
        }
        String word = text.substring(start);
        String before = text.substring(0, start);
        Set<String> out = new LinkedHashSet<>();
        if (before.isBlank() && word.startsWith(".")) {
            out.addAll(SqlShell.COMMANDS);
        } else if (word.contains(".")) {
            String qualifier = word.substring(0, word.lastIndexOf('.'));
            String q = qualifier.toLowerCase(Locale.ROOT);
            String table = aliases(statement).getOrDefault(q, q);
            for (String c : tables.getOrDefault(table, List.of())) {
                out.add(qualifier + "." + c);
            }
        } else if (TABLE_NEXT.matcher(before).matches()) {
            out.addAll(tables.keySet());
        } else {
            out.addAll(KEYWORDS);
            out.addAll(tables.keySet());
            Set<String> named = new LinkedHashSet<>(aliases(statement).values());
            named.retainAll(tables.keySet());
            for (String t : named.isEmpty() ? tables.keySet() : named) {
                out.addAll(tables.get(t));
            }
        }
        return List.copyOf(out);
    }

    /** The tables a statement names after FROM and JOIN: each name and alias (lower case) → its table. */
    private Map<String, String> aliases(String text) {
        Map<String, String> aliases = new TreeMap<>();
        Matcher m = NAMED.matcher(text);
        while (m.find()) {
            String table = m.group(1).toLowerCase(Locale.ROOT);
            if (!tables.containsKey(table)) {
                continue;
            }
            aliases.put(table, table);
            String alias = m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT);
            if (alias != null && !NOT_ALIASES.contains(alias)) {
                aliases.put(alias, table);
            }
        }
        return aliases;
    }
}
