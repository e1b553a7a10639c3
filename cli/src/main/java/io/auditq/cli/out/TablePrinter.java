package io.auditq.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rows as aligned columns for a person at a terminal, fitted to its width (100 columns unless $COLUMNS says
 * otherwise): when a row is too wide, the one shrinkable column (a path) is cut from the left, keeping its end.
 * Every cell goes through {@link Terminal#safe}: evidence never reaches the terminal raw.
 */
public final class TablePrinter<T> implements RowPrinter<T> {
    /** A column of the table: its header, the cell text, right-aligned or not, and whether it may be cut. */
    public record TableColumn<T>(String header, Function<T, String> text, boolean right, boolean shrink) {
        public static <T> TableColumn<T> left(String header, Function<T, String> text) {
            return new TableColumn<>(header, text, false, false);
        }

        public static <T> TableColumn<T> right(String header, Function<T, String> text) {
            return new TableColumn<>(header, text, true, false);
        }

        public static <T> TableColumn<T> shrinking(String header, Function<T, String> text) {
            return new TableColumn<>(header, text, false, true);
        }
    }

    public static final int DEFAULT_WIDTH = 100;
    private static final int MIN_SHRUNK = 16;

    private final Writer out;
    private final List<TableColumn<T>> columns;
    private final Function<T, List<String>> below;
    private final int width;
    private final List<String[]> cells = new ArrayList<>();
    private final List<List<String>> extra = new ArrayList<>();

    /** @param below lines printed under a row, indented (null for none) */
    public TablePrinter(Writer out, List<TableColumn<T>> columns, Function<T, List<String>> below, int width) {
        this.out = out;
        this.columns = columns;
        this.below = below;
        this.width = width;
    }

    /** The terminal's width from $COLUMNS, else {@link #DEFAULT_WIDTH}. */
    public static int terminalWidth() {
        String c = System.getenv("COLUMNS");
        if (c != null) {
            try {
                int w = Integer.parseInt(c.trim());
                if (w >= 40) {
                    return w;
                }
            } catch (NumberFormatException ignored) {
                // not a number: use the default
            }
        }
        return DEFAULT_WIDTH;
    }

    @Override
    public void row(T row) {
        String[] r = new String[columns.size()];
        for (int i = 0; i < r.length; i++) {
            String s = columns.get(i).text().apply(row);
            r[i] = s == null ? "" : Terminal.safe(s);
        }
        cells.add(r);
        extra.add(below == null ? List.of() : below.apply(row));
    }

    @Override
    public void finish() {
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = columns.get(i).header().length();
        }
        for (String[] r : cells) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        int total = n - 1;
        for (int x : w) {
            total += x;
        }
        for (int i = 0; i < n && total > width; i++) {
            if (columns.get(i).shrink()) {
                int target = Math.max(Math.max(MIN_SHRUNK, columns.get(i).header().length()), w[i] - (total - width));
                total -= w[i] - Math.min(w[i], target);
                w[i] = Math.min(w[i], target);
            }
        }
        StringBuilder sb = new StringBuilder();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = columns.get(i).header();
        }
        line(sb, header, w);
        for (int k = 0; k < cells.size(); k++) {
            line(sb, cells.get(k), w);
            for (String e : extra.get(k)) {
                sb.append("    ").append(Terminal.safe(e)).append('\n');
            }
            if (sb.length() > 1 << 16) {
                write(sb);
            }
        }
        write(sb);
    }

    private void line(StringBuilder sb, String[] r, int[] w) {
        int start = sb.length();
        for (int i = 0; i < r.length; i++) {
            String s = r[i];
            if (s.length() > w[i]) {
                s = "…" + s.substring(s.length() - w[i] + 1); // keep the end of a path: the program's name
            }
            boolean last = i == r.length - 1;
            if (columns.get(i).right()) {
                sb.repeat(' ', w[i] - s.length()).append(s);
            } else {
                sb.append(s);
                if (!last) {
                    sb.repeat(' ', w[i] - s.length());
                }
            }
            if (!last) {
                sb.append(' ');
            }
        }
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private void write(StringBuilder sb) {
        try {
            out.write(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.setLength(0);
    }
}
