package io.auditq.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Command-line spellings of durations ({@code 90s}, {@code 15m}, {@code 2h}) and sizes ({@code 500K}, {@code 10M}). */
public final class Units {
    private Units() {
    }

    /**
     * A duration: a number with unit s, m, h or d (seconds when none), or ISO-8601 ({@code PT1H30M}).
     * Throws IllegalArgumentException with a sentence for anything else.
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return positive(Duration.parse(text.trim().toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (try 90s, 15m, 2h or 1d)");
            }
        }
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> 0;
        };
        String number = unit == 0 ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(number);
            if (!Double.isFinite(v) || number.startsWith("+") || number.contains("e") || number.contains("x")) {
                throw new NumberFormatException();
            }
            return positive(Duration.ofMillis(Math.round(v * (unit == 0 ? 1 : unit) * 1000)), text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (try 90s, 15m, 2h or 1d)");
        }
    }

    /** A size in bytes: a whole number with an optional K, M or G (powers of 1024; a trailing B or iB is allowed). */
    public static long size(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String number = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(number);
            if (v <= 0 || number.startsWith("+") || v > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (try 50M, 500K or 1G)");
        }
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return d;
    }

    /** picocli converter for {@link #duration}. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return duration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for {@link #size}. */
    public static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return size(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
