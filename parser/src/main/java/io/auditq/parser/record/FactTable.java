package io.auditq.parser.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A number-to-name table of facts (syscalls, errno, record types, ...) read from a TSV resource that
 * {@code tools/gen-tables.sh} generated.
 *
 * <p>Lives in the record package because both record (record types) and normal (everything else) read such
 * tables, and normal may depend on record but not the other way round. A malformed or missing resource is a
 * packaging bug, not a user error, so it fails fast with an unchecked exception naming resource:line.
 */
public final class FactTable {
    private static final int SNIPPET = 80;

    private final String resource;
    private final int[] numbers;     // ascending, so lookups are a binary search without boxing
    private final String[][] rows;   // rows[i] describes numbers[i]; column 0 is the number, column 1 the name
    private final Map<String, Integer> byName;

    private FactTable(String resource, int[] numbers, String[][] rows, Map<String, Integer> byName) {
        this.resource = resource;
        this.numbers = numbers;
        this.rows = rows;
        this.byName = byName;
    }

    /** One non-comment line of a TSV resource, with its 1-based line number for error messages. */
    public record Row(int line, String[] cells) {
        public Row {
            cells = cells.clone();
        }

        @Override
        public String[] cells() {
            return cells.clone();
        }

        public String cell(int column) {
            return cells[column];
        }

        public int size() {
            return cells.length;
        }
    }

    /**
     * The data lines of a classpath resource (absolute path, e.g. {@code /io/auditq/parser/normal/errno.tsv}),
     * split on tabs; blank lines and lines starting with {@code #} are skipped.
     */
    public static List<Row> rows(String resource) {
        InputStream in = FactTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + ": resource missing from the classpath (run tools/gen-tables.sh)");
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                rows.add(new Row(lineNo, line.split("\t", -1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": cannot read", e);
        }
        return rows;
    }

    /**
     * Loads a table whose lines are {@code number<TAB>name[<TAB>more...]} with exactly {@code columns} columns,
     * decimal numbers strictly ascending and names unique, so that number and name map one to one.
     */
    public static FactTable load(String resource, int columns) {
        if (columns < 2) {
            throw new IllegalArgumentException("a fact table has at least a number and a name column");
        }
        List<Row> rows = rows(resource);
        int[] numbers = new int[rows.size()];
        String[][] cells = new String[rows.size()][];
        Map<String, Integer> byName = HashMap.newHashMap(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.size() != columns) {
                throw malformed(resource, row, "expected " + columns + " tab-separated columns, found " + row.size());
            }
            for (int c = 0; c < columns; c++) {
                if (row.cell(c).isEmpty()) {
                    throw malformed(resource, row, "column " + (c + 1) + " is empty");
                }
            }
            int number;
            try {
                number = Integer.parseInt(row.cell(0));
            } catch (NumberFormatException e) {
                throw malformed(resource, row, "column 1 is not a decimal number");
            }
            if (i > 0 && number <= numbers[i - 1]) {
                throw malformed(resource, row, "numbers must be strictly ascending (after " + numbers[i - 1] + ")");
            }
            if (byName.putIfAbsent(row.cell(1), number) != null) {
                throw malformed(resource, row, "name " + row.cell(1) + " appears twice");
            }
            numbers[i] = number;
            cells[i] = row.cells();
        }
        return new FactTable(resource, numbers, cells, Map.copyOf(byName));
    }

    private static IllegalStateException malformed(String resource, Row row, String why) {
        String text = String.join("\t", row.cells());
        if (text.length() > SNIPPET) {
            text = text.substring(0, SNIPPET) + "...";
        }
        return new IllegalStateException(resource + ":" + row.line() + ": " + why + ": " + text);
    }

    /** The name for a number, or null when the table does not know it. */
    public String name(int number) {
        int i = Arrays.binarySearch(numbers, number);
        return i < 0 ? null : rows[i][1];
    }

    /** The number for a name (exact, case-sensitive), or -1 when the table does not know it. */
    public int number(String name) {
        Integer n = name == null ? null : byName.get(name);
        return n == null ? -1 : n;
    }

    /** Another column (0-based; 0 is the number, 1 the name) for a number, or null when the number is unknown. */
    public String column(int number, int column) {
        int i = Arrays.binarySearch(numbers, number);
        return i < 0 ? null : rows[i][column];
    }

    /** How many entries the table has. */
    public int size() {
        return numbers.length;
    }

    /** The i-th number in ascending order, for walking the whole table. */
    public int numberAt(int i) {
        return numbers[i];
    }

    /** The resource the table came from. */
    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return "FactTable[" + resource + ", " + numbers.length + " entries]";
    }
}
