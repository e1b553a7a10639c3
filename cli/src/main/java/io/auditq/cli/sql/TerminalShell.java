package io.auditq.cli.sql;

import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * auditq shell at a terminal, on JLine: line editing, history, completion from the case's live schema (see
 * {@link SqlCompleter}), and statements that continue on the next line until they end with {@code ;}.
 */
public final class TerminalShell {
    private TerminalShell() {
    }

    /**
     * Runs the shell until .quit or Ctrl-D.
     *
     * @param history the history file, or null to keep no history
     * @param banner  printed once before the first prompt
     */
    public static int run(Connection connection, Path history, String banner) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter out = terminal.writer();
            SqlShell shell = new SqlShell(connection, out, out);
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("auditq")
                    .parser(new StatementParser())
                    .completer(SqlCompleter.of(connection))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                    .variable(LineReader.INDENTATION, 0)
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // ! is SQL (!=), not history
            if (history != null) {
                builder.variable(LineReader.HISTORY_FILE, history);
            }
            LineReader reader = builder.build();
            out.println(banner);
            out.flush();
            while (true) {
                String text;
                try {
                    text = reader.readLine("auditq> ");
                } catch (UserInterruptException e) {
                    shell.discard();
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!shell.feed(text, 0)) {
                    break;
                }
                shell.finish();
            }
            if (history != null) {
                reader.getHistory().save();
            }
            return shell.failures();
        }
    }

    /** Asks JLine for another line while a statement is not yet ended with ;, so Enter continues it. */
    private static final class StatementParser extends DefaultParser {
        StatementParser() {
            escapeChars(new char[0]); // a backslash is just a character in SQL
            setEofOnUnclosedQuote(false);
        }

        /** Words end where SqlCompleter's do (at SQL punctuation too: COUNT(dst completes dst). */
        @Override
        public boolean isDelimiterChar(CharSequence buffer, int pos) {
            return SqlCompleter.isDelimiter(buffer.charAt(pos));
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !SqlShell.isComplete(line)) {
                throw new EOFError(-1, -1, "the statement continues until ;");
            }
            return super.parse(line, cursor, context);
        }
    }
}
