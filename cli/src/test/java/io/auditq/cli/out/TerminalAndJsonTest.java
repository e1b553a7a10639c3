package io.auditq.cli.out;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two escapers every printer relies on: Terminal for people, Json for programs. */
class TerminalAndJsonTest {
    @Test
    void terminalEscapesEverySequenceThatCouldDriveOrFoolATerminal() {
        assertThat(Terminal.safe("\u001b]0;owned\u0007\u001b[2J")).isEqualTo("\\x1b]0;owned\\x07\\x1b[2J");
        assertThat(Terminal.safe("a\u009b31mb")).isEqualTo("a\\x9b31mb"); // 8-bit CSI
        assertThat(Terminal.safe("evil\rgood")).isEqualTo("evil\\x0dgood");
        assertThat(Terminal.safe("tab\there\u007f")).isEqualTo("tab\\x09here\\x7f");
        assertThat(Terminal.safe("txt.\u202eexe")).isEqualTo("txt.\\u202eexe"); // right-to-left override
        assertThat(Terminal.safe("\u202a\u202b\u202c\u2066\u2069\u200b\u200f\ufeff"))
                .isEqualTo("\\u202a\\u202b\\u202c\\u2066\\u2069\\u200b\\u200f\\ufeff");
        assertThat(Terminal.safe("a\u2028b\u2029")).isEqualTo("a\\u2028b\\u2029");
        assertThat(Terminal.safe("lone \ud800 and \udc00")).isEqualTo("lone \\ud800 and \\udc00");
        assertThat(Terminal.safe("tag \udb40\udc01")).isEqualTo("tag \\U000e0001"); // a supplementary format character
        assertThat(Terminal.safe("two\nlines\n")).isEqualTo("two\\x0alines\n"); // only a final newline is kept
        assertThat(Terminal.safe(null)).isEmpty();
    }

    @Test
    void terminalKeepsPrintableTextAsItIs() {
        String s = "/usr/bin/python3 café 中文 \ud83d\ude00 \\x00 ~!@#$%^&*()";
        assertThat(Terminal.safe(s)).isSameAs(s);
    }

    @Test
    void terminalOutputHoldsNoControlCharacterForAnyCharacter() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xffff; c++) {
            all.append((char) c);
        }
        String out = Terminal.safe(all.toString());
        out.codePoints().forEach(cp -> {
            assertThat(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)).as("U+%04X", cp).isFalse();
            assertThat(Character.getType(cp)).as("U+%04X", cp).isNotIn((int) Character.FORMAT,
                    (int) Character.SURROGATE, (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
        });
    }

    @Test
    void everyUtf16CodeUnitIncludingLoneSurrogatesRoundTripsThroughJson() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xffff; c++) {
            all.append((char) c); // a high surrogate followed by the next one is lone: both kinds occur
        }
        all.append("\ud83d\ude00\udc00\ud800");
        String value = all.toString();
        StringWriter w = new StringWriter();
        new Json(w).beginObject().field("exe", value).field("argv", List.of(value, "")).field("n", -1L)
                .field("ok", true).endObject();
        byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
        Object parsed = StrictJson.parse(bytes);
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) parsed;
        assertThat(m.get("exe")).isEqualTo(value);
        assertThat(m.get("argv")).isEqualTo(List.of(value, ""));
        assertThat(m.get("n").toString()).isEqualTo("-1");
        // a valid pair stays a pair (UTF-8 in the output), never two escapes
        assertThat(w.toString()).contains("\ud83d\ude00").contains("\\udc00\\ud800\"");
    }

    @Test
    void theStrictReaderRejectsWhatIsNotJson() {
        assertThatThrownBy(() -> StrictJson.parse("\"a\u0001\"")).hasMessageContaining("raw control");
        assertThatThrownBy(() -> StrictJson.parse("\"\\x41\"")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> StrictJson.parse("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> StrictJson.parse(new byte[] {'"', (byte) 0xff, '"'})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> StrictJson.parse("[1,]")).hasMessageContaining("value expected");
    }
}
