package io.auditq.cli.out;

import io.auditq.query.export.CsvStyle;
import io.auditq.query.export.CsvCells;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as CSV through Apache Commons CSV, in the {@link CsvStyle} the user chose: RFC 4180 quoting, one header
 * line, control characters escaped and formulas guarded ({@link CsvCells}) unless the raw evidence is asked for.
 */
public final class CsvPrinter<T> implements RowPrinter<T> {
    private final List<Column<T>> columns;
    private final CSVPrinter csv;
    private final Times times;
    private final CsvStyle style;
    private final List<Object> cells;

    public CsvPrinter(Writer out, List<Column<T>> columns, Times times, CsvStyle style) {
        this.columns = columns;
        this.times = times;
        this.style = style;
        this.cells = new ArrayList<>(columns.size());
        try {
            this.csv = new CSVPrinter(out, style.format(columns.stream().map(Column::name).toArray(String[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void row(T row) {
        cells.clear();
        for (Column<T> c : columns) {
            cells.add(c.text() != null ? style.text(c.text().apply(row)) : cell(c.value().apply(row)));
        }
        try {
            csv.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object cell(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> style.text(s);
            case Instant t -> times.format(t.toEpochMilli());
            case List<?> l -> style.text(CsvCells.argv(l.stream().map(String::valueOf).toList()));
            default -> v; // numbers and booleans as Java prints them
        };
    }

    @Override
    public void finish() {
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
