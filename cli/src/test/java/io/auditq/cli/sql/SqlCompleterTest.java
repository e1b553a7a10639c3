package io.auditq.cli.sql;

import io.auditq.query.schema.CaseDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's Tab completion, from the schema of a real (empty) case: what each place in a statement offers. */
class SqlCompleterTest {
    private static SqlCompleter completer() {
        try (CaseDatabase db = CaseDatabase.inMemory(); Connection c = db.readOnlyConnection()) {
            return SqlCompleter.of(c);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static final SqlCompleter COMPLETER = completer();

    private static List<String> at(String text) {
        return COMPLETER.candidates(text, text);
    }

    @Test
    void afterFromOnlyTablesAndViewsNeverAColumn() {
        List<String> tables = at("SELECT * FROM conn");
        assertThat(tables).contains("connections", "connection_minutes", "events", "processes")
                .doesNotContain("connect_events", "dst_addr", "SELECT");
        assertThat(at("SELECT * FROM events e JOIN ")).contains("executions").doesNotContain("pid");
        assertThat(at(".describe ")).contains("sources", "processes").doesNotContain("connect_events");
    }

    @Test
    void columnsOfTheTablesTheStatementNames() {
        String statement = "SELECT dst FROM connections WHERE NOT loopback";
        List<String> offered = COMPLETER.candidates("SELECT dst", statement);
        assertThat(offered).contains("dst_addr", "dst_port", "SELECT", "connections")
                .doesNotContain("connect_events", "argv");
        assertThat(at("SELECT ")).contains("connect_events", "argv", "dst_addr"); // no table named yet: all columns
    }

    @Test
    void aQualifierCompletesItsTablesColumnsThroughItsAlias() {
        String statement = "SELECT c.dst, e.argv FROM connections c LEFT JOIN executions AS e ON e.id = c.execution_id";
        assertThat(COMPLETER.candidates("SELECT c.dst", statement)).contains("c.dst_addr", "c.dst_port")
                .allMatch(w -> w.startsWith("c."));
        assertThat(COMPLETER.candidates("SELECT c.dst, e.ar", statement)).contains("e.argv").doesNotContain("e.dst_addr");
        assertThat(at("SELECT sources.conn")).contains("sources.connect_events");
        assertThat(at("SELECT COUNT(dst")).contains("dst_addr");
    }

    @Test
    void dotCommandsAtTheStart() {
        assertThat(at(".d")).containsAll(SqlShell.COMMANDS);
    }
}
