package io.auditq.query.export;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escaped form of CSV cells is visible (no character a terminal acts on or hides) and reversible (the
 * documented reading gives the text back), for any text; a table's form is visible too.
 */
class VisibleTextProperties {
    @Property
    void csvFormIsVisibleAndReversible(@ForAll String s) {
        String escaped = VisibleText.escape(s, true);
        escaped.codePoints().forEach(cp -> assertThat(VisibleText.unsafe(cp)).as("U+%04X in %s", cp, escaped).isFalse());
        assertThat(unescape(escaped)).isEqualTo(s);
    }

    @Property
    void csvFormIsReversibleForTheCharactersThatMatter(
            @ForAll @CharRange(from = 0, to = 0xff) @Chars({'\\', 'x', 'u', 'U', '\u202e', '\u2028', '\ud800', '\udc00'})
            String s) {
        assertThat(unescape(VisibleText.escape(s, true))).isEqualTo(s);
    }

    @Property
    void tableFormIsVisible(@ForAll String s) {
        VisibleText.escape(s, false).codePoints()
                .forEach(cp -> assertThat(VisibleText.unsafe(cp)).as("U+%04X", cp).isFalse());
    }

    @Example
    void theDocumentedForms() {
        assertThat(VisibleText.escape("a\u001b[31mb\tc\\x1b\u009b\u202ed\r\n", true))
                .isEqualTo("a\\x1b[31mb\\x09c\\\\x1b\\x9b\\u202ed\\x0d\\x0a");
        assertThat(VisibleText.escape("a\u001b[31mb\\x1b", false)).isEqualTo("a\\x1b[31mb\\x1b");
        String plain = "/usr/bin/python3 café 中文 \ud83d\ude00";
        assertThat(VisibleText.escape(plain, true)).isSameAs(plain);
        assertThat(CsvCells.text("=1+1", CsvStyle.DEFAULT)).isEqualTo("'=1+1");
        assertThat(CsvCells.text("\t=1+1", CsvStyle.DEFAULT)).isEqualTo("\\x09=1+1"); // escaped: no formula left
        assertThat(CsvCells.text("\u001b=1", new CsvStyle(true, false))).isEqualTo("\u001b=1");
    }

    /** The reading docs/connections.md documents: a doubled backslash is one, x + 2, u + 4 and U + 8 hex digits a code point. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char kind = s.charAt(++i);
            int digits = switch (kind) {
                case '\\' -> 0;
                case 'x' -> 2;
                case 'u' -> 4;
                case 'U' -> 8;
                default -> throw new AssertionError("not an escape: \\" + kind + " in " + s);
            };
            if (digits == 0) {
                sb.append('\\');
            } else {
                sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + digits), 16));
                i += digits;
            }
        }
        return sb.toString();
    }
}
