package io.auditq.cli.sql;

import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * auditq shell at a terminal, on JLine: line editing, history, completion of table and column names, SQL keywords
 * and dot commands, and statements that continue on the next line until they end with {@code ;}.
 */
public final class TerminalShell {
    private static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING",
            "LIMIT", "OFFSET", "JOIN", "LEFT", "INNER", "ON", "AND", "OR", "NOT", "NULL", "IS", "IN", "LIKE", "BETWEEN",
            "DISTINCT", "COUNT", "MIN", "MAX", "SUM", "AS", "ASC", "DESC", "WITH", "UNION", "CASE", "WHEN", "THEN",
            "ELSE", "END", "EXPLAIN", "TRUE", "FALSE");

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
            Set<String> words = new TreeSet<>(shell.completionWords());
            words.addAll(KEYWORDS);
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("auditq")
                    .parser(new StatementParser())
                    .completer(new StringsCompleter(words.stream().map(w -> new Candidate(w)).toList()))
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

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !SqlShell.isComplete(line)) {
                throw new EOFError(-1, -1, "the statement continues until ;");
            }
            return super.parse(line, cursor, context);
        }
    }
}
