package io.auditq.query.schema;

import org.h2.engine.Database;
import org.h2.engine.Right;
import org.h2.engine.SessionLocal;
import org.h2.engine.User;
import org.h2.jdbc.JdbcConnection;
import org.h2.schema.Schema;
import org.h2.util.NetworkConnectionInfo;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database user that SQL typed by a person (auditq sql, auditq shell) runs as: it may SELECT the tables and
 * views of the case (schema PUBLIC, which the catalog check holds to auditq's) and nothing else. Not an
 * administrator, so H2 refuses FILE_READ, FILE_WRITE, CSVREAD, CSVWRITE, LINK_SCHEMA, RUNSCRIPT, SCRIPT, BACKUP,
 * CREATE ALIAS and every other admin-only function or statement; without INSERT, UPDATE or DELETE rights it changes
 * no table.
 *
 * <p>The user lives in this process only. A case's users are stored in its file, so a user created there would
 * need the file opened for writing (a read-only case refuses CREATE USER), and a user found there is the file
 * author's. So this one is made in memory and given a session directly, through H2's own (package-private)
 * Database.createSession, as the JDBC login would: nothing is written to the case.
 */
final class ReadOnlyUser {
    static final String NAME = "AUDITQ_READER";

    private ReadOnlyUser() {
    }

    /** A connection as this user to the database of {@code admin} (an open auditq connection); the caller closes it. */
    static Connection connect(Connection admin, String url) throws SQLException {
        Database db = ((SessionLocal) admin.unwrap(JdbcConnection.class).getSession()).getDatabase();
        User reader = new User(db, db.allocateObjectId(), NAME, false);
        Schema cases = db.getMainSchema();
        reader.grantRight(cases, new Right(db, -1, reader, Right.SELECT, cases));
        SessionLocal session;
        try {
            Method create = Database.class.getDeclaredMethod("createSession", User.class,
                    NetworkConnectionInfo.class);
            create.setAccessible(true);
            session = (SessionLocal) create.invoke(db, reader, null);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("this H2 (" + org.h2.engine.Constants.FULL_VERSION
                    + ") cannot give auditq a read-only session: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot open a read-only session: " + e.getCause(), e.getCause());
        }
        // rows stream from the table as they are read, instead of the whole result first (and spilled to disk)
        session.setLazyQueryExecution(true);
        return new ReaderConnection(session, url);
    }

    /** A JDBC connection on the session; closing it ends the session (H2's close expects a login's connection). */
    private static final class ReaderConnection extends JdbcConnection {
        private final SessionLocal session;

        ReaderConnection(SessionLocal session, String url) {
            super(session, NAME, url);
            this.session = session;
        }

        @Override
        public void close() {
            if (!session.isClosed()) {
                session.close();
            }
        }
    }
}
