package io.auditq.query.export;

import io.auditq.query.schema.jooq.DefaultSchema;
import org.apache.commons.csv.CSVPrinter;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Any table of the case database as CSV ({@link CsvStyle}: RFC 4180 quoting, one header line), streamed row by row.
 * Every {@code *_ms} column is followed by the same time in ISO-8601 (column name without {@code _ms}),
 * because epoch milliseconds mean nothing in a spreadsheet; arrays (argv) are one shell-quoted cell.
 */
public final class TableExport {
    private final DSLContext dsl;

    public TableExport(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The tables (and views) one can export, lower case. */
    public static List<String> tableNames() {
        return DefaultSchema.DEFAULT_SCHEMA.getTables().stream().map(t -> t.getName().toLowerCase(Locale.ROOT))
                .sorted().toList();
    }

    /** The table by name, case-insensitive; null when there is none. */
    public static Table<?> table(String name) {
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (t.getName().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Writes the table as CSV; returns the number of rows.
     *
     * @param time       formats epoch milliseconds (ISO-8601 UTC, or in --tz)
     * @param csvStyle line ends and cell safety (see {@link CsvStyle})
     */
    public long csv(Table<?> table, Appendable out, LongFunction<String> time, CsvStyle csvStyle) {
        Field<?>[] fields = table.fields();
        List<String> header = new ArrayList<>();
        for (Field<?> f : fields) {
            String name = f.getName().toLowerCase(Locale.ROOT);
            header.add(name);
            if (name.endsWith("_ms")) {
                header.add(name.substring(0, name.length() - 3));
            }
        }
        Field<?> order = table.field("ID") != null ? table.field("ID") : fields[0];
        long rows = 0;
        // the printer is flushed, not closed: closing it would close the caller's stream
        try (Cursor<? extends Record> cursor = dsl.selectFrom(table).orderBy(order).fetchSize(1000).fetchLazy()) {
            CSVPrinter csv = new CSVPrinter(out, csvStyle.format(header.toArray(String[]::new)));
            List<Object> cells = new ArrayList<>(header.size());
            for (Record r : cursor) {
                cells.clear();
                for (Field<?> f : fields) {
                    Object v = r.get(f);
                    cells.add(cell(v, csvStyle));
                    if (f.getName().toLowerCase(Locale.ROOT).endsWith("_ms")) {
                        cells.add(v == null ? null : time.apply(((Number) v).longValue()));
                    }
                }
                csv.printRecord(cells);
                rows++;
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Object cell(Object v, CsvStyle csvStyle) {
        return switch (v) {
            case null -> null;
            case String s -> csvStyle.text(s);
            case Object[] a -> csvStyle.text(CsvCells.argv(Arrays.stream(a).map(String::valueOf).toList()));
            default -> v;
        };
    }

    /** ISO-8601 with milliseconds, UTC unless a zone is given: the format of every auditq output. */
    public static LongFunction<String> isoTimes(ZoneId zone) {
        DateTimeFormatter f = zone == null
                ? DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                : DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(zone);
        return ms -> f.format(Instant.ofEpochMilli(ms));
    }
}
