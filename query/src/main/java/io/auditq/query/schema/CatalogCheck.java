package io.auditq.query.schema;

import org.h2.engine.DbObject;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.tx.TransactionStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses a case file whose database defines anything this auditq does not create, before H2 opens it: H2 runs a
 * case's trigger source, connects its linked tables and evaluates its domains' checks while it opens the file
 * (measured with H2 2.5.252, docs/hardening.md), so the check reads H2's catalog from the file's store instead, and
 * compares it, statement by statement, with the catalog of a case that schema.sql creates.
 *
 * <p>The expected catalog comes from case-catalog.txt, which CaseCatalogTest derives from schema.sql (and checks
 * at every build). A case that differs from it is compared again with a catalog built from schema.sql itself, so a
 * stale file costs time, never a wrong refusal; only a case that differs from schema.sql's is refused.
 */
final class CatalogCheck {
    static final String RESOURCE = "/io/auditq/query/case-catalog.txt";
    private static final int SNIPPET = 100;
    private static volatile Expected fromResource;
    private static volatile Expected fromSchemaSql;

    private CatalogCheck() {
    }

    /**
     * The objects a case of this auditq holds, and which of them a case may lack: the secondary indexes (an ingest
     * killed before it built them leaves them missing, and the next one builds them).
     *
     * @param settings the names of H2 settings a case records (from the connection URL and the H2 build), whose
     *                 values may differ between cases
     */
    record Expected(Map<String, CaseCatalog.Entry> entries, Set<String> optional, Set<String> settings) {
        static Expected of(List<CaseCatalog.Entry> all) {
            Map<String, CaseCatalog.Entry> entries = new LinkedHashMap<>();
            Set<String> optional = new HashSet<>();
            Set<String> settings = new HashSet<>();
            for (CaseCatalog.Entry e : all) {
                if (e.type() == DbObject.SETTING) {
                    settings.add(e.name());
                } else {
                    entries.put(e.key(), e);
                    if (e.type() == DbObject.INDEX && e.sql().startsWith("CREATE INDEX ")) {
                        optional.add(e.key());
                    }
                }
            }
            return new Expected(entries, optional, settings);
        }

        boolean accepts(CaseCatalog.Entry e) {
            if (e.type() == DbObject.SETTING) {
                return settings.contains(e.name()) && e.sql().matches("SET \\w+ \\d+");
            }
            return entries.containsKey(e.key());
        }

        /** auditq's object of the same kind and name as {@code other}, if any. */
        Optional<CaseCatalog.Entry> like(CaseCatalog.Entry other) {
            return entries.values().stream().filter(e -> e.type() == other.type() && e.name().equals(other.name())
                    && kind(e).equals(kind(other))).findFirst();
        }
    }

    /** Checks the case file {@code file} (a .mv.db that exists); throws CaseDatabaseException naming what differs. */
    static void verify(Path file) {
        try {
            if (Files.size(file) == 0) {
                return; // an empty file holds nothing (H2 makes a new database of it)
            }
        } catch (IOException e) {
            throw new CaseDatabaseException(file + ": " + e.getMessage(), e);
        }
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            TransactionStore transactions = CaseCatalog.transactions(store);
            CaseCatalog catalog = CaseCatalog.read(store, transactions);
            if (firstDifference(catalog, expectedFromResource()).isEmpty()) {
                return;
            }
            Optional<String> version = catalog.schemaVersion(store, transactions);
            if (catalog.table("META").isEmpty()) {
                throw new CaseDatabaseException(file + " is not an auditq case database (no meta table)");
            }
            if (version.isEmpty()) {
                throw new CaseDatabaseException(file + " is not an auditq case database (no schema version in its "
                        + "meta table)");
            }
            if (!version.get().equals(CaseDatabase.SCHEMA_VERSION)) {
                throw new CaseDatabaseException(file + " has case schema version " + version.get()
                        + "; this auditq reads version " + CaseDatabase.SCHEMA_VERSION
                        + " (re-ingest the evidence into a new case)");
            }
            Optional<String> difference = firstDifference(catalog, expectedFromSchemaSql());
            if (difference.isPresent()) {
                throw new CaseDatabaseException(file + difference.get() + ": not opened");
            }
        } catch (MVStoreException e) {
            throw unreadable(file, e);
        } catch (CaseDatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            // a file that is not a store H2 wrote (a damaged one, or not H2 at all) breaks the reader in other ways
            throw new CaseDatabaseException(file + " cannot be read as an H2 case database (" + e + ")", e);
        }
    }

    private static CaseDatabaseException unreadable(Path file, MVStoreException e) {
        if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
            return CaseDatabase.inUse(file, e);
        }
        String reason = switch (e.getErrorCode()) {
            case DataUtils.ERROR_READING_FAILED -> "it ends early: cut short, or not an H2 file";
            case DataUtils.ERROR_FILE_CORRUPT -> "it is damaged, or not an H2 file";
            case DataUtils.ERROR_UNSUPPORTED_FORMAT -> "its format is not one this H2 ("
                    + org.h2.engine.Constants.VERSION + ") reads";
            default -> String.valueOf(e.getMessage()).replaceFirst("\\s*\\[[^\\]]*]\\s*$", "");
        };
        return new CaseDatabaseException(file + " cannot be read as an H2 case database (" + reason + ")", e);
    }

    /** What first sets the case apart from {@code expected}, as the rest of a sentence starting with the file name. */
    static Optional<String> firstDifference(CaseCatalog catalog, Expected expected) {
        Optional<CaseCatalog.Entry> foreign = catalog.entries().stream().filter(e -> !expected.accepts(e))
                .min(Comparator.comparingInt(CatalogCheck::rank).thenComparingInt(CaseCatalog.Entry::id));
        if (foreign.isPresent()) {
            return Optional.of(" holds " + describe(foreign.get(), expected));
        }
        Set<String> held = new HashSet<>();
        catalog.entries().forEach(e -> held.add(e.key()));
        return expected.entries().values().stream()
                .filter(e -> !held.contains(e.key()) && !expected.optional().contains(e.key()))
                .findFirst().map(e -> " lacks " + kind(e) + " " + shown(e.name()) + " of auditq's cases");
    }

    /** Objects that hold code or run first, then tables, users and the like, then indexes and comments. */
    private static int rank(CaseCatalog.Entry e) {
        return switch (e.type()) {
            case DbObject.TRIGGER, DbObject.FUNCTION_ALIAS, DbObject.AGGREGATE, DbObject.DOMAIN, DbObject.CONSTANT -> 0;
            case DbObject.TABLE_OR_VIEW -> kind(e).equals("a table") ? 1 : 0;
            case DbObject.CONSTRAINT -> kind(e).contains("check") ? 0 : 2;
            case DbObject.INDEX, DbObject.COMMENT -> 2;
            default -> 1;
        };
    }

    private static String describe(CaseCatalog.Entry e, Expected expected) {
        String what = kind(e) + " " + shown(e.name());
        if (e.type() == DbObject.CONSTRAINT || e.type() == DbObject.TRIGGER) {
            List<String> names = CaseCatalog.identifiers(e.sql());
            String on = e.type() == DbObject.CONSTRAINT ? names.getFirst() : names.size() > 1 ? names.get(1) : "";
            what += on.isEmpty() || on.equals(e.name()) ? "" : " on " + on;
        }
        Optional<CaseCatalog.Entry> ours = expected.like(e);
        if (ours.isEmpty() || e.type() == DbObject.SETTING) {
            return what + "; auditq's cases hold none";
        }
        if (kind(e).equals("a table")) {
            return what + columnDifference(columns(e.sql()), columns(ours.get().sql()));
        }
        return what + " unlike auditq's";
    }

    private static String columnDifference(Map<String, String> theirs, Map<String, String> ours) {
        for (Map.Entry<String, String> c : theirs.entrySet()) {
            String mine = ours.get(c.getKey());
            if (mine == null) {
                return " with a column " + shown(c.getKey()) + " " + snippet(c.getValue()) + "; auditq's has none";
            }
            if (!mine.equals(c.getValue())) {
                return " whose column " + shown(c.getKey()) + " is " + snippet(c.getValue()) + "; auditq's is " + mine;
            }
        }
        for (String c : ours.keySet()) {
            if (!theirs.containsKey(c)) {
                return " without auditq's column " + shown(c);
            }
        }
        return " unlike auditq's";
    }

    /** The columns of a CREATE TABLE statement as H2 writes it (one per line): name → its definition. */
    private static Map<String, String> columns(String createTable) {
        Map<String, String> columns = new LinkedHashMap<>();
        String[] lines = createTable.split("\n");
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i].strip().replaceFirst(",$", "");
            List<String> names = CaseCatalog.identifiers(line);
            int end = line.startsWith("\"") ? line.indexOf("\" ", 1) : -1;
            columns.put(names.isEmpty() ? line : names.getFirst(), end < 0 ? "" : line.substring(end + 2));
        }
        return columns;
    }

    private static final Pattern VIEW = Pattern.compile("CREATE (OR REPLACE )?(FORCE )?VIEW .*", Pattern.DOTALL);

    /** What kind of object an entry creates, with its article, in a responder's words. */
    static String kind(CaseCatalog.Entry e) {
        String sql = e.sql();
        return switch (e.type()) {
            case DbObject.TABLE_OR_VIEW -> VIEW.matcher(sql).matches() ? "a view"
                    : sql.matches("(?s)CREATE (FORCE )?MATERIALIZED VIEW .*") ? "a materialized view"
                    : sql.matches("(?s)CREATE (FORCE )?LINKED TABLE .*") ? "a linked table (another database)"
                    : "a table";
            case DbObject.INDEX -> "an index";
            case DbObject.USER -> "a user";
            case DbObject.SEQUENCE -> "a sequence";
            case DbObject.TRIGGER -> "a trigger";
            case DbObject.CONSTRAINT -> sql.contains(" CHECK(") || sql.contains(" CHECK (") ? "a check constraint"
                    : "a constraint";
            case DbObject.SETTING -> "a setting";
            case DbObject.ROLE -> "a role";
            case DbObject.RIGHT -> "a grant of rights to";
            case DbObject.FUNCTION_ALIAS -> "a user-defined function";
            case DbObject.SCHEMA -> "a schema";
            case DbObject.CONSTANT -> "a constant";
            case DbObject.DOMAIN -> "a domain";
            case DbObject.COMMENT -> "a comment on";
            case DbObject.AGGREGATE -> "a user-defined aggregate";
            case DbObject.SYNONYM -> "a synonym";
            default -> "an object of H2 type " + e.type();
        };
    }

    private static String shown(String name) {
        return name.isEmpty() ? "\"\"" : name;
    }

    private static String snippet(String s) {
        return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET - 1) + "…";
    }

    /** The expected catalog from case-catalog.txt (read once per process). */
    static Expected expectedFromResource() {
        Expected e = fromResource;
        if (e == null) {
            e = Expected.of(resourceEntries());
            fromResource = e;
        }
        return e;
    }

    static List<CaseCatalog.Entry> resourceEntries() {
        try (InputStream in = CatalogCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            List<CaseCatalog.Entry> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    entries.add(CaseCatalog.Entry.ofLine(line));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog of a database schema.sql creates now, in memory, with a case file's settings (once per process). */
    static Expected expectedFromSchemaSql() {
        Expected e = fromSchemaSql;
        if (e == null) {
            e = Expected.of(schemaSqlEntries());
            fromSchemaSql = e;
        }
        return e;
    }

    static List<CaseCatalog.Entry> schemaSqlEntries() {
        String url = "jdbc:h2:mem:auditq-reference-" + java.util.UUID.randomUUID() + ";" + CaseDatabase.STORE_SETTINGS;
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM '" + CaseDatabase.SCHEMA + "'");
            }
            MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getMvStore();
            // an in-memory database keeps its tables in memory; a case file's are CACHED, otherwise the same
            return CaseCatalog.read(store, CaseCatalog.transactions(store)).entries().stream()
                    .map(e -> new CaseCatalog.Entry(e.id(), e.type(),
                            e.sql().replaceFirst("^CREATE MEMORY TABLE ", "CREATE CACHED TABLE ")))
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the expected case catalog from schema.sql: " + e.getMessage(),
                    e);
        }
    }
}
