package io.auditq.query.schema;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Finishes the commits that a process killed while committing left half done, which H2 2.5 does not.
 *
 * <p>H2 commits a transaction in steps: it appends a "committed" marker to the transaction's undo log, then turns
 * each of the transaction's rows into a committed row, then clears the undo log. The store may be written to the
 * file between those steps (when enough unsaved pages pile up during a big commit). A process killed after such a
 * write leaves a file whose transaction is committed (the marker is there) but whose rows are only partly
 * turned. On the next open H2 finds it as a leftover transaction in state COMMITTED and calls
 * {@code Transaction.commit()} on it to finish it; but in H2 2.5.252 that method only commits a transaction
 * that is still active, and COMMITTED is not, so nothing happens (2.3.232 did finish it). The case then holds part
 * of the rows of that commit, a secondary index disagrees with its table (each was written up to a different
 * row), the rest of the rows stay invisible but hold their keys for a transaction that never ends, and the undo
 * log stays in the file for every later open: a later ingest that writes over those rows crawls (it had not
 * finished after 5 minutes where it takes 12 s).
 *
 * <p>This does the step H2 skips, through H2's own code: {@code TransactionStore.commit(transaction, true)} (the
 * recovery commit, which skips the marker) and {@code endTransaction}, both package-private, hence reflection.
 * Only a database no other session uses is touched, so the only COMMITTED transactions are leftovers.
 */
final class H2Recovery {
    private H2Recovery() {
    }

    /** True when the database holds commits a killed process left unfinished (read-only connections too). */
    static boolean commitsLeftUnfinished(Connection c) throws SQLException {
        return !leftovers(c).isEmpty();
    }

    /** Finishes every commit a killed process left unfinished; returns how many there were. */
    static int finishCommits(Connection c) throws SQLException {
        List<Transaction> left = leftovers(c);
        if (left.isEmpty()) {
            return 0;
        }
        TransactionStore store = session(c).getDatabase().getStore().getTransactionStore();
        try {
            Method commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
            Method end = TransactionStore.class.getDeclaredMethod("endTransaction", Transaction.class,
                    boolean.class);
            commit.setAccessible(true);
            end.setAccessible(true);
            for (Transaction t : left) {
                commit.invoke(store, t, true);
                end.invoke(store, t, true);
            }
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
            throw new CaseDatabaseException("this H2 (" + org.h2.engine.Constants.FULL_VERSION + ") cannot finish "
                    + "a commit that a killed auditq left half done: " + e, e);
        } catch (InvocationTargetException e) {
            throw new CaseDatabaseException("cannot finish a commit that a killed auditq left half done: "
                    + e.getCause(), e.getCause());
        }
        // the rows are committed in memory now; write them (and the emptied undo log) to the file
        session(c).getDatabase().getStore().getMvStore().commit();
        return left.size();
    }

    private static List<Transaction> leftovers(Connection c) throws SQLException {
        SessionLocal s = session(c);
        if (s == null || s.getDatabase().getSessions(false).length > 1) {
            return List.of(); // in memory over the network, or shared within this JVM: not only leftovers
        }
        return s.getDatabase().getStore().getTransactionStore().getOpenTransactions().stream()
                .filter(t -> t.getStatus() == Transaction.STATUS_COMMITTED).toList();
    }

    private static SessionLocal session(Connection c) throws SQLException {
        return c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal s ? s : null;
    }
}
