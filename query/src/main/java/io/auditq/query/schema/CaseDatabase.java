package io.auditq.query.schema;

import org.h2.api.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.auditq.query.schema.jooq.Tables.META;

/**
 * A case database: H2, embedded, either a file ({@code --db case} is {@code case.mv.db}) that outlives the
 * command, or in memory for a one-shot question. Created from schema.sql, the schema's single source.
 */
public final class CaseDatabase implements AutoCloseable {
    /** The schema version this auditq reads and writes (meta.schema_version). */
    public static final String SCHEMA_VERSION = "5";
    static final String SCHEMA = "classpath:/io/auditq/query/schema.sql";
    private static final String SUFFIX = ".mv.db";
    /** Settings of a case file's URL that H2 records in the file (CatalogCheck builds its reference with them). */
    static final String STORE_SETTINGS = "CACHE_SIZE=65536;WRITE_DELAY=0";

    static {
        H2Lockdown.load(); // before any H2 class: the restrictions must be in place when H2 reads its settings
        // jOOQ tells on stderr which database version it found: noise in a command's output
        org.jooq.tools.JooqLogger.globalThreshold(org.jooq.Log.Level.WARN);
    }

    private final Connection connection;
    private final DSLContext dsl;
    private final Path file;
    /** The temporary directory of a {@link #scratch} case, deleted on close; else null. */
    private Path scratchDir;
    /** The URL this database was opened with: another session on it uses the same. */
    private String url;

    private CaseDatabase(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
        this.dsl = DSL.using(connection, SQLDialect.H2, new Settings().withExecuteLogging(false)
                .withRenderSchema(false));
    }

    /**
     * The secondary indexes of schema.sql (name → its CREATE INDEX statement), read from the script itself so they
     * cannot drift from it. A bulk load drops them and builds them once at its end: building an index from the
     * loaded rows is several times faster than keeping it up to date row by row.
     */
    private static final Map<String, String> INDEXES = indexesOfSchema();

    private static Map<String, String> indexesOfSchema() {
        Map<String, String> out = new LinkedHashMap<>();
        try (var in = CaseDatabase.class.getResourceAsStream("/io/auditq/query/schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema.sql is missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.startsWith("CREATE INDEX ")) {
                    String name = l.substring("CREATE INDEX ".length()).split("\\s+")[0];
                    out.put(name, l.endsWith(";") ? l.substring(0, l.length() - 1) : l);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema.sql: " + e.getMessage(), e);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Drops every secondary index (the unique keys stay: loading checks event keys through them). */
    public void dropIndexes() {
        execute(INDEXES.keySet().stream().map(n -> "DROP INDEX IF EXISTS " + n).toList());
    }

    /**
     * Builds the secondary indexes that are missing: after a bulk load, and when a case is opened for writing after
     * a load that was killed before it built them.
     */
    public void ensureIndexes() {
        execute(INDEXES.values().stream().map(ddl -> ddl.replaceFirst("^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "))
                .toList());
    }

    private void execute(List<String> statements) {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot change the indexes of " + (file == null ? "the in-memory database"
                    : file) + ": " + firstLine(e), e);
        }
    }

    /**
     * A private case in a new temporary directory (java.io.tmpdir), deleted when closed: for one-shot questions,
     * whose evidence may be far larger than the heap (an in-memory database grows with it).
     */
    public static CaseDatabase scratch() {
        Path dir;
        try {
            dir = Files.createTempDirectory("auditq-case-");
        } catch (IOException e) {
            throw new CaseDatabaseException("cannot create a scratch case in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage() + " (set TMPDIR, or ingest into a case with --db)", e);
        }
        dir.toFile().deleteOnExit();
        CaseDatabase db = open(dir.resolve("case"), true, false);
        db.scratchDir = dir;
        db.file.toFile().deleteOnExit();
        return db;
    }

    /** A private in-memory database with the schema: for tests and small one-shot loads. */
    public static CaseDatabase inMemory() {
        H2Lockdown.require();
        try {
            String url = "jdbc:h2:mem:auditq-" + java.util.UUID.randomUUID();
            Connection c = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=0");
            CaseDatabase db = new CaseDatabase(c, null);
            db.url = url; // named, without settings: a read-only connection joins it
            db.createSchema();
            // a one-shot question reads its rows once, cut to its window already: no index is worth keeping up
            db.dropIndexes();
            c.setAutoCommit(false);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create an in-memory database: " + e.getMessage(), e);
        }
    }

    /** Opens the case at {@code base} (with or without .mv.db), creating it when it does not exist yet. */
    public static CaseDatabase openOrCreate(Path base) {
        return open(base, true, false);
    }

    /** Opens an existing case; a missing one is a user error naming the command that creates it. */
    public static CaseDatabase openExisting(Path base) {
        return open(base, false, false);
    }

    /**
     * Opens an existing case so that H2 refuses every change to it (ACCESS_MODE_DATA=r): for SQL a responder types
     * (auditq sql, auditq shell), which must never alter a case by accident.
     */
    public static CaseDatabase openReadOnly(Path base) {
        return open(base, false, true);
    }

    /** The .mv.db file a --db argument names. */
    public static Path fileOf(Path base) {
        Path abs = base.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        return name.endsWith(SUFFIX) ? abs : abs.resolveSibling(name + SUFFIX);
    }

    private static CaseDatabase open(Path base, boolean create, boolean readOnly) {
        H2Lockdown.require();
        Path file = fileOf(base);
        if (file.toString().indexOf(';') >= 0) {
            // H2 reads settings (INIT=…, which runs SQL) after a ';' in the URL that names the file
            throw new CaseDatabaseException(file + ": a case's path may not contain ';' (rename it)");
        }
        String name = file.getFileName().toString();
        Path h2base = file.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
        boolean exists = Files.exists(file);
        if (!exists && !create) {
            throw new CaseDatabaseException("no case database at " + file
                    + " (create one with: auditq ingest INPUT... --db " + base + ")");
        }
        if (exists && !Files.isReadable(file)) {
            throw new CaseDatabaseException(file + ": permission denied");
        }
        if (exists) {
            CatalogCheck.verify(file); // before H2 opens it: H2 runs parts of a case's catalog as it opens the file
        }
        // FILE_LOCK=FS: the store holds an OS lock on the .mv.db itself, so a second auditq process gets a clear
        // error instead of a corrupted file, and the kernel releases the lock when a process dies (kill -9): no
        // stale .lock.db to wait out, and no extra file beside the case.
        // WRITE_DELAY=0: a commit is written to the file before it returns (no background writer storing at any
        // moment a second later), so what a killed ingest leaves is its last commit plus what H2 rolls back
        String url = "jdbc:h2:file:" + h2base + ";FILE_LOCK=FS;" + STORE_SETTINGS
                + (create ? "" : ";IFEXISTS=TRUE");
        Connection c;
        try {
            c = DriverManager.getConnection(url + (readOnly ? ";ACCESS_MODE_DATA=r" : ""));
        } catch (SQLException e) {
            throw translate(file, e);
        }
        try {
            c = finishInterruptedCommits(c, url, readOnly);
        } catch (SQLException e) {
            closeQuietly(c);
            throw translate(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        CaseDatabase db = new CaseDatabase(c, file);
        db.url = url;
        try {
            if (!db.hasSchema()) {
                if (exists && !create) {
                    throw new CaseDatabaseException(file + " is not an auditq case database (no meta table)");
                }
                db.createSchema();
            } else {
                String v = db.dsl.select(META.SETTING).from(META).where(META.NAME.eq("schema_version")).fetchOne(META.SETTING);
                if (!SCHEMA_VERSION.equals(v)) {
                    throw new CaseDatabaseException(file + " has case schema version " + v + "; this auditq reads version "
                            + SCHEMA_VERSION + " (re-ingest the evidence into a new case)");
                }
            }
            c.setAutoCommit(false);
            if (!readOnly) {
                db.ensureIndexes(); // a load killed between dropping and building them left them missing
            }
        } catch (SQLException e) {
            db.close();
            throw translate(file, e);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Finishes the commits a process killed while committing left half done (see {@link H2Recovery}), before
     * anything reads the case. A read-only store cannot change them, so such a case is first opened read-write for
     * that, then read-only again; when it cannot be written, it is read as it is.
     */
    private static Connection finishInterruptedCommits(Connection c, String url, boolean readOnly)
            throws SQLException {
        if (!readOnly) {
            H2Recovery.finishCommits(c);
            return c;
        }
        if (!H2Recovery.commitsLeftUnfinished(c)) {
            return c;
        }
        c.close();
        try (Connection w = DriverManager.getConnection(url)) {
            H2Recovery.finishCommits(w);
        } catch (SQLException | RuntimeException e) {
            // not writable here (a copy on read-only media): read the case as it is
        }
        return DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r");
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing: the first error is the one to report
        }
    }

    private static CaseDatabaseException translate(Path file, SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> inUse(file, e);
            case ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1, ErrorCode.DATABASE_NOT_FOUND_1 ->
                    new CaseDatabaseException("no case database at " + file, e);
            case ErrorCode.FILE_CORRUPTED_1, ErrorCode.FILE_VERSION_ERROR_1 ->
                    new CaseDatabaseException(file + " cannot be read as an H2 case database: " + firstLine(e), e);
            default -> new CaseDatabaseException(file + ": " + firstLine(e), e);
        };
    }

    static CaseDatabaseException inUse(Path file, Exception e) {
        return new CaseDatabaseException("the case database " + file + " is in use by another process"
                + holder(file).map(pid -> " (pid " + pid + ")").orElse("")
                + "; wait for it to finish (one auditq at a time per case)", e);
    }

    /**
     * The pid holding the OS lock on the file, from /proc/locks (Linux; Java's file locks are POSIX record locks,
     * which carry their owner's pid); empty elsewhere or when it cannot be told.
     */
    static Optional<Long> holder(Path file) {
        try {
            Object ino = Files.getAttribute(file, "unix:ino");
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                // "2: POSIX  ADVISORY  WRITE 19412 fe:00:2171140 0 EOF"
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[1].equals("POSIX") && f[5].endsWith(":" + ino)) {
                    long pid = Long.parseLong(f[4]);
                    if (pid > 0 && pid != ProcessHandle.current().pid()) {
                        return Optional.of(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: the message goes without the pid
        }
        return Optional.empty();
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private boolean hasSchema() throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, "PUBLIC", "META", null)) {
            return rs.next();
        }
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + SCHEMA + "'");
        }
        connection.commit();
    }

    /**
     * A connection that can only read this database, for SQL typed by a responder: as a user that may only SELECT
     * the case's tables and views (see {@link ReadOnlyUser}), whether the case is a file or in memory. The caller
     * closes it.
     */
    public Connection readOnlyConnection() {
        try {
            return ReadOnlyUser.connect(connection, url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a read-only connection: " + firstLine(e), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Another session on this database (same process), without auto-commit: for a writer thread. Its uncommitted
     * rows are its own until it commits. The caller closes it.
     */
    public Connection newSession() {
        try {
            Connection c = DriverManager.getConnection(url);
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot open another session on " + (file == null ? "the in-memory database"
                    : file) + ": " + firstLine(e), e);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** The .mv.db file, or null for an in-memory database. */
    public Path file() {
        return file;
    }

    public boolean isInMemory() {
        return file == null;
    }

    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot commit to " + (file == null ? "the in-memory database" : file)
                    + ": " + firstLine(e), e);
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                connection.close();
            }
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot close " + (file == null ? "the in-memory database" : file) + ": "
                    + firstLine(e), e);
        } finally {
            if (scratchDir != null) {
                try (var files = Files.list(scratchDir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(scratchDir);
                } catch (IOException ignored) {
                    // deleteOnExit tries again
                }
            }
        }
    }
}
