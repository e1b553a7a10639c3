package io.auditq.cli.out;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * A minimal streaming JSON writer that always produces valid JSON, whatever bytes the evidence holds:
 * controls, quotes, backslashes, lone surrogates and the line separators U+2028/U+2029 are escaped.
 */
public final class Json {
    private final Writer out;
    private final boolean[] first = new boolean[64];
    private int depth;
    private boolean afterKey;

    public Json(Writer out) {
        this.out = out;
    }

    public Json beginObject() {
        value();
        write('{');
        push();
        return this;
    }

    public Json endObject() {
        depth--;
        write('}');
        return this;
    }

    public Json beginArray() {
        value();
        write('[');
        push();
        return this;
    }

    public Json endArray() {
        depth--;
        write(']');
        return this;
    }

    public Json key(String k) {
        comma();
        string(k);
        write(':');
        afterKey = true;
        return this;
    }

    public Json value(String s) {
        value();
        if (s == null) {
            raw("null");
        } else {
            string(s);
        }
        return this;
    }

    public Json value(Number n) {
        value();
        raw(n == null ? "null" : n.toString());
        return this;
    }

    public Json value(Boolean b) {
        value();
        raw(b == null ? "null" : b.toString());
        return this;
    }

    public Json field(String k, String v) {
        return key(k).value(v);
    }

    public Json field(String k, Number v) {
        return key(k).value(v);
    }

    public Json field(String k, Boolean v) {
        return key(k).value(v);
    }

    public Json field(String k, List<String> v) {
        key(k);
        if (v == null) {
            return value((String) null);
        }
        beginArray();
        for (String s : v) {
            value(s);
        }
        return endArray();
    }

    /** Resets the writer for the next JSON document (one per line in jsonl). */
    public void newline() {
        write('\n');
        reset();
    }

    /** Forgets the nesting state, for a next value the caller separates itself (array elements on their own lines). */
    public void reset() {
        depth = 0;
        afterKey = false;
    }

    private void push() {
        first[++depth] = true;
    }

    private void value() {
        if (afterKey) {
            afterKey = false;
        } else {
            comma();
        }
    }

    private void comma() {
        if (depth > 0) {
            if (!first[depth]) {
                write(',');
            }
            first[depth] = false;
        }
    }

    private void string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029'
                            || (Character.isSurrogate(c) && !validPair(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        if (Character.isHighSurrogate(c)) {
                            sb.append(c).append(s.charAt(++i));
                            continue;
                        }
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        raw(sb.toString());
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void raw(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(char c) {
        try {
            out.write(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
