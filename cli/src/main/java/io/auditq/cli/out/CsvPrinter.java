package io.auditq.cli.out;

import io.auditq.query.export.CsvCells;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as CSV through Apache Commons CSV: RFC 4180, one header line. Text that a spreadsheet would run as a
 * formula is neutralized (see {@link CsvCells}) unless asked not to.
 */
public final class CsvPrinter<T> implements RowPrinter<T> {
    private final List<Column<T>> columns;
    private final CSVPrinter csv;
    private final Times times;
    private final boolean neutralize;
    private final List<Object> cells;

    public CsvPrinter(Writer out, List<Column<T>> columns, Times times, boolean neutralize) {
        this.columns = columns;
        this.times = times;
        this.neutralize = neutralize;
        this.cells = new ArrayList<>(columns.size());
        try {
            this.csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                    .setHeader(columns.stream().map(Column::name).toArray(String[]::new)).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void row(T row) {
        cells.clear();
        for (Column<T> c : columns) {
            cells.add(c.text() != null ? CsvCells.text(c.text().apply(row), neutralize) : cell(c.value().apply(row)));
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
            case String s -> CsvCells.text(s, neutralize);
            case Instant t -> times.format(t.toEpochMilli());
            case List<?> l -> CsvCells.text(CsvCells.argv(l.stream().map(String::valueOf).toList()), neutralize);
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
