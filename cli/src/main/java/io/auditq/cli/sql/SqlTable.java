package io.auditq.cli.sql;

import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of an SQL result as aligned columns, printed as they come: the columns are as wide as the header and the
 * first {@value #LAYOUT_ROWS} rows (or the rows read in the first {@value #LAYOUT_MILLIS} ms) need; a later, wider
 * cell widens its own line only. So a result of any size is shown at once and in constant memory. Nothing is cut
 * (the terminal wraps); every cell goes through {@link Terminal#safe}.
 */
final class SqlTable implements RowPrinter<Object[]> {
    static final int LAYOUT_ROWS = 1000;
    static final long LAYOUT_MILLIS = 200;

    private final Writer out;
    private final SqlResult.Columns columns;
    private List<String[]> first = new ArrayList<>();
    private long firstAt;
    private int[] widths;
    private final StringBuilder line = new StringBuilder();

    SqlTable(Writer out, SqlResult.Columns columns) {
        this.out = out;
        this.columns = columns;
    }

    @Override
    public void row(Object[] row) {
        String[] cells = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            cells[i] = Terminal.safe(SqlOutput.text(row[i]));
        }
        if (widths != null) {
            print(cells);
            return;
        }
        if (first.isEmpty()) {
            firstAt = System.nanoTime();
        }
        first.add(cells);
        if (first.size() >= LAYOUT_ROWS || System.nanoTime() - firstAt >= LAYOUT_MILLIS * 1_000_000) {
            layOut();
        }
    }

    @Override
    public void finish() {
        if (widths == null) {
            layOut();
        }
    }

    private void layOut() {
        int n = columns.names().size();
        widths = new int[n];
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = Terminal.safe(columns.names().get(i));
            widths[i] = header[i].length();
        }
        for (String[] r : first) {
            for (int i = 0; i < n; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        print(header);
        for (String[] r : first) {
            print(r);
        }
        first = null;
    }

    private void print(String[] cells) {
        line.setLength(0);
        for (int i = 0; i < cells.length; i++) {
            String s = cells[i];
            boolean last = i == cells.length - 1;
            int pad = Math.max(0, widths[i] - s.length());
            if (columns.numeric().get(i)) {
                line.repeat(' ', pad).append(s);
            } else {
                line.append(s);
                if (!last) {
                    line.repeat(' ', pad);
                }
            }
            if (!last) {
                line.append(' ');
            }
        }
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
