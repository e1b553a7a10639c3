package io.auditq.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rows as JSON: one array of objects ({@code json}), or one object per line ({@code jsonl}). Always valid JSON,
 * whatever bytes the evidence holds (see {@link Json}).
 */
public final class JsonPrinter<T> implements RowPrinter<T> {
    private final Writer out;
    private final Json json;
    private final List<Column<T>> columns;
    private final Times times;
    private final boolean lines;
    private boolean first = true;

    private JsonPrinter(Writer out, List<Column<T>> columns, Times times, boolean lines) {
        this.out = out;
        this.json = new Json(out);
        this.columns = columns;
        this.times = times;
        this.lines = lines;
    }

    /** A JSON array, one object per line inside it. */
    public static <T> JsonPrinter<T> array(Writer out, List<Column<T>> columns, Times times) {
        return new JsonPrinter<>(out, columns, times, false);
    }

    /** JSON Lines: one object per line. */
    public static <T> JsonPrinter<T> lines(Writer out, List<Column<T>> columns, Times times) {
        return new JsonPrinter<>(out, columns, times, true);
    }

    @Override
    public void row(T row) {
        if (!lines) {
            write(first ? "[\n" : ",\n");
        }
        first = false;
        json.beginObject();
        for (Column<T> c : columns) {
            json.key(c.name());
            value(c.value().apply(row));
        }
        json.endObject();
        if (lines) {
            json.newline();
        } else {
            json.reset();
        }
    }

    /** One object, on its own (a summary). */
    public void object(Map<String, ?> fields) {
        value(fields);
        json.newline();
    }

    private void value(Object v) {
        switch (v) {
            case null -> json.value((String) null);
            case String s -> json.value(s);
            case Number n -> json.value(n);
            case Boolean b -> json.value(b);
            case Instant t -> json.value(times.format(t.toEpochMilli()));
            case List<?> l -> {
                json.beginArray();
                for (Object o : l) {
                    value(o);
                }
                json.endArray();
            }
            case Map<?, ?> m -> {
                json.beginObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    json.key(String.valueOf(e.getKey()));
                    value(e.getValue());
                }
                json.endObject();
            }
            default -> json.value(v.toString());
        }
    }

    @Override
    public void finish() {
        if (!lines) {
            write(first ? "[]\n" : "\n]\n");
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
