package io.auditq.cli.out;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One column of a listing: its name (CSV header, JSON key) and how a row gives its value. Values are text,
 * numbers, booleans, {@link Instant}s (printed as ISO-8601), lists of text (argv: an array in JSON, one
 * shell-quoted cell in CSV) or lists of maps (nested objects in JSON); {@code text}, when given, is how CSV
 * writes a value JSON writes structured.
 */
public record Column<T>(String name, Function<T, Object> value, Function<T, String> text) {

    public static <T> Column<T> of(String name, Function<T, Object> value) {
        return new Column<>(name, value, null);
    }

    public static <T> Column<T> time(String name, ToLongFunction<T> millis) {
        return new Column<>(name, r -> Instant.ofEpochMilli(millis.applyAsLong(r)), null);
    }

    /** A structured value (for JSON) with its one-cell rendering (for CSV). */
    public static <T> Column<T> structured(String name, Function<T, Object> value, Function<T, String> text) {
        return new Column<>(name, value, text);
    }
}
