package io.auditq.query.load;

import io.auditq.query.schema.CaseDatabaseException;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Rows of one table, inserted through a JDBC prepared statement in batches: the fastest way into H2 (jOOQ's
 * own loader is 2–3 times slower). Columns are named by the generated jOOQ fields, so the statement follows
 * schema.sql; values are given in the same order, one {@code add} per column, then {@link #row()}.
 */
final class RowBatch implements AutoCloseable {
    static final int BATCH = 4096;

    private final String table;
    private final PreparedStatement ps;
    private final int columns;
    private int column;
    private int pending;
    private long rows;

    RowBatch(Connection c, Table<?> table, List<? extends Field<?>> fields) {
        this.table = table.getName();
        this.columns = fields.size();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.getName()).append(" (");
        for (int i = 0; i < fields.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(fields.get(i).getName());
        }
        sql.append(") VALUES (").append("?, ".repeat(columns - 1)).append("?)");
        try {
            this.ps = c.prepareStatement(sql.toString());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare " + sql + ": " + e.getMessage(), e);
        }
    }

    RowBatch add(long v) {
        try {
            ps.setLong(++column, v);
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    RowBatch add(Long v) {
        try {
            if (v == null) {
                ps.setNull(++column, Types.BIGINT);
            } else {
                ps.setLong(++column, v);
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    RowBatch add(Integer v) {
        try {
            if (v == null) {
                ps.setNull(++column, Types.INTEGER);
            } else {
                ps.setInt(++column, v);
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    RowBatch add(String v) {
        try {
            if (v == null) {
                ps.setNull(++column, Types.VARCHAR);
            } else {
                ps.setString(++column, v);
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    RowBatch add(Boolean v) {
        try {
            if (v == null) {
                ps.setNull(++column, Types.BOOLEAN);
            } else {
                ps.setBoolean(++column, v);
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    RowBatch add(List<String> v) {
        try {
            if (v == null) {
                ps.setNull(++column, Types.ARRAY);
            } else {
                ps.setObject(++column, v.toArray(new String[0]));
            }
        } catch (SQLException e) {
            throw fail(e);
        }
        return this;
    }

    /** Ends the row; every column must have had its value. */
    void row() {
        if (column != columns) {
            throw new IllegalStateException(table + ": row has " + column + " values for " + columns + " columns");
        }
        column = 0;
        try {
            ps.addBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
        rows++;
        if (++pending >= BATCH) {
            flush();
        }
    }

    void flush() {
        if (pending == 0) {
            return;
        }
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
        pending = 0;
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
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a statement after its batch was sent loses nothing
            }
        }
    }
}
