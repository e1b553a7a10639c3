package io.auditq.cli.sql;

import java.util.List;

/** What one SQL statement gave: rows (already printed as they were read), or how many rows a statement changed. */
public sealed interface SqlResult {
    /**
     * A result set's columns.
     *
     * @param names   as the query names them (lower case when the query did not quote them)
     * @param numeric per column, whether it holds numbers (right-aligned in a table)
     */
    record Columns(List<String> names, List<Boolean> numeric) {
    }

    /** A query's result: its columns and how many rows it gave. */
    record Rows(Columns columns, long count) implements SqlResult {
    }

    /** A statement without a result set (only harmless ones get here: the connection cannot write). */
    record Done(long updateCount) implements SqlResult {
    }
}
