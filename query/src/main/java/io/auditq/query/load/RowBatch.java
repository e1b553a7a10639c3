package io.auditq.query.load;

import io.auditq.query.schema.CaseDatabaseException;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows of one table, inserted through JDBC in batches: the fastest way into H2 (jOOQ's own loader is 2–3 times
 * slower). Values are buffered, then sent {@link #ROWS_PER_STATEMENT} rows to one multi-row INSERT (H2 runs one
 * command per statement, and most of a one-row insert's cost is the command around the row). Columns are named by
 * the generated jOOQ fields, so the statement follows schema.sql; values are given in the same order, one
 * {@code add} per column, then {@link #row()}.
 */
final class RowBatch implements AutoCloseable {
    /** Rows buffered before they are sent. */
    static final int BATCH = 4096;
    /** Rows per INSERT statement. */
    static final int ROWS_PER_STATEMENT = 64;

    private final String table;
    private final Connection connection;
    /** Where the rows are written: another thread with its own session, or null to write here. */
    private final WriteLane lane;
    private final String head;
    private final String oneRow;
    private PreparedStatement single;
    private PreparedStatement multi;
    private final int columns;
    private Object[] values;
    private int column;
    private int pending;
    private long rows;

    RowBatch(Connection c, Table<?> table, List<? extends Field<?>> fields) {
        this(c, null, table, fields);
    }

    /** Rows written on {@code lane}'s session and thread. */
    RowBatch(WriteLane lane, Table<?> table, List<? extends Field<?>> fields) {
        this(lane.connection(), lane, table, fields);
    }

    private RowBatch(Connection c, WriteLane lane, Table<?> table, List<? extends Field<?>> fields) {
        this.table = table.getName();
        this.connection = c;
        this.lane = lane;
        this.columns = fields.size();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.getName()).append(" (");
        for (int i = 0; i < fields.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(fields.get(i).getName());
        }
        this.head = sql.append(") VALUES ").toString();
        this.oneRow = "(" + "?, ".repeat(columns - 1) + "?)";
        this.values = new Object[BATCH * columns];
        this.single = prepare(1);
    }

    private PreparedStatement prepare(int rowsPerStatement) {
        String sql = head + (oneRow + ", ").repeat(rowsPerStatement - 1) + oneRow;
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare an insert into " + table + ": " + e.getMessage(), e);
        }
    }

    RowBatch add(long v) {
        values[pending * columns + column++] = v;
        return this;
    }

    RowBatch add(Object v) {
        values[pending * columns + column++] = v;
        return this;
    }

    RowBatch add(List<String> v) {
        values[pending * columns + column++] = v == null ? null : v.toArray(new String[0]);
        return this;
    }

    /** Ends the row; every column must have had its value. */
    void row() {
        if (column != columns) {
            throw new IllegalStateException(table + ": row has " + column + " values for " + columns + " columns");
        }
        column = 0;
        rows++;
        if (++pending >= BATCH) {
            flush();
        }
    }

    /** Sends the buffered rows (on the lane, they are sent when the lane gets to them: sync it to know). */
    void flush() {
        if (pending == 0) {
            return;
        }
        Object[] batch = values;
        int n = pending;
        if (lane == null) {
            send(batch, n);
            java.util.Arrays.fill(values, 0, n * columns, null);
        } else {
            values = new Object[values.length];
            lane.submit(() -> send(batch, n));
        }
        pending = 0;
    }

    private void send(Object[] batch, int n) {
        try {
            int row = 0;
            if (n >= ROWS_PER_STATEMENT) {
                if (multi == null) {
                    multi = prepare(ROWS_PER_STATEMENT);
                }
                for (; row + ROWS_PER_STATEMENT <= n; row += ROWS_PER_STATEMENT) {
                    bind(multi, batch, row, ROWS_PER_STATEMENT);
                    multi.addBatch();
                }
                multi.executeBatch();
            }
            if (row < n) {
                for (; row < n; row++) {
                    bind(single, batch, row, 1);
                    single.addBatch();
                }
                single.executeBatch();
            }
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    private void bind(PreparedStatement ps, Object[] batch, int firstRow, int n) throws SQLException {
        int base = firstRow * columns;
        for (int i = 0; i < n * columns; i++) {
            ps.setObject(i + 1, batch[base + i]);
        }
    }

    long rows() {
        return rows;
    }

    private RuntimeException fail(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return new CaseDatabaseException("cannot write to table " + table + ": " + (nl < 0 ? m : m.substring(0, nl)), e);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            if (lane != null) {
                lane.submit(this::closeStatements); // after the rows queued before it
            } else {
                closeStatements();
            }
        }
    }

    private void closeStatements() {
        for (PreparedStatement ps : new PreparedStatement[] {single, multi}) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing a statement after its batch was sent loses nothing
                }
            }
        }
    }
}
