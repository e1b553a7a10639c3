package io.auditq.cli.sql;

import java.util.List;

/** What one SQL statement gave: rows with their column names, or how many rows a statement changed. */
public sealed interface SqlResult {
    /**
     * A result set, read whole. Values are text, numbers, booleans, lists (an SQL ARRAY such as
     * {@code executions.argv}) or null.
     *
     * @param numeric per column, whether it holds numbers (right-aligned in a table)
     */
    record Rows(List<String> columns, List<Boolean> numeric, List<Object[]> rows) implements SqlResult {
    }

    /** A statement without a result set (only harmless ones get here: the connection cannot write). */
    record Done(long updateCount) implements SqlResult {
    }
}
