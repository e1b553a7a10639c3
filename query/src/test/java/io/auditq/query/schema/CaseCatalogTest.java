package io.auditq.query.schema;

import org.h2.engine.DbObject;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * case-catalog.txt is the catalog H2 keeps in a case this auditq creates, derived from schema.sql. After changing
 * schema.sql, regenerate it with {@code ./mvnw -pl query -am test -Dtest=CaseCatalogTest -Dgolden.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the diff. The attacks themselves are driven through every
 * command in cli's UntrustedCaseTest; here, the catalog and the check's words.
 */
class CaseCatalogTest {
    @TempDir
    Path tmp;

    private static final Path RESOURCE = Path.of("src/main/resources" + CatalogCheck.RESOURCE);

    private static CaseCatalog catalogOf(Path file) {
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            return CaseCatalog.read(store, CaseCatalog.transactions(store));
        }
    }

    @Test
    void committedCatalogIsTheOneANewCaseHolds() throws IOException {
        Path base = tmp.resolve("case");
        CaseDatabase.openOrCreate(base).close();
        String lines = catalogOf(CaseDatabase.fileOf(base)).entries().stream().map(CaseCatalog.Entry::line)
                .collect(Collectors.joining("\n", "# The catalog H2 keeps in a case this auditq creates (type, tab, "
                        + "statement; \\n for a line break),\n# generated from schema.sql by CaseCatalogTest: do not edit, "
                        + "regenerate (-Dgolden.update=true).\n", "\n"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(RESOURCE, lines, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(RESOURCE, StandardCharsets.UTF_8))
                .as("case-catalog.txt is stale: regenerate it (see this test's comment)").isEqualTo(lines);
    }

    @Test
    void schemaSqlInMemoryGivesTheSameCatalogAsTheCommittedOne() throws IOException {
        CatalogCheck.Expected fromFile = CatalogCheck.Expected.of(CatalogCheck.resourceEntries());
        CatalogCheck.Expected fromScript = CatalogCheck.expectedFromSchemaSql();
        assertThat(fromScript.entries().keySet()).isEqualTo(fromFile.entries().keySet());
        assertThat(fromScript.settings()).isEqualTo(fromFile.settings()).contains("CREATE_BUILD", "CACHE_SIZE");
        assertThat(fromFile.entries().values()).extracting(CaseCatalog.Entry::type)
                .contains(DbObject.TABLE_OR_VIEW, DbObject.INDEX, DbObject.CONSTRAINT, DbObject.USER)
                .doesNotContain(DbObject.TRIGGER, DbObject.FUNCTION_ALIAS, DbObject.RIGHT, DbObject.SCHEMA);
        // the one view auditq creates, and each table's secondary indexes, which a case may lack
        assertThat(fromFile.entries().values()).filteredOn(e -> CatalogCheck.kind(e).equals("a view"))
                .extracting(CaseCatalog.Entry::name).containsExactly("PROCESSES");
        String schema;
        try (var in = CaseDatabase.class.getResourceAsStream("/io/auditq/query/schema.sql")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long secondary = schema.lines().filter(l -> l.startsWith("CREATE INDEX ")).count();
        assertThat(fromFile.optional()).hasSize((int) secondary);
    }

    @Test
    void aCaseAuditqWroteOpensAlsoWithoutItsSecondaryIndexes() {
        Path base = tmp.resolve("case");
        try (CaseDatabase db = CaseDatabase.openOrCreate(base)) {
            db.dropIndexes(); // what an ingest killed between dropping and rebuilding them leaves
        }
        try (CaseDatabase db = CaseDatabase.openReadOnly(base)) {
            assertThat(db.file()).exists();
        }
        CaseDatabase.openExisting(base).close(); // and builds them again
        assertThat(CatalogCheck.firstDifference(catalogOf(CaseDatabase.fileOf(base)),
                CatalogCheck.expectedFromResource())).isEmpty();
    }

    /** Plants with the engine itself (FORCE: the objects are stored even though nothing of them may run here). */
    private int planted;

    private Path planted(String... statements) throws SQLException {
        Path base = tmp.resolve("planted-" + ++planted);
        CaseDatabase.openOrCreate(base).close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";IFEXISTS=TRUE");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return base;
    }

    private static String refusal(Path base) {
        Path file = CaseDatabase.fileOf(base);
        try {
            CaseDatabase.openReadOnly(base).close();
        } catch (CaseDatabaseException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
            return e.getMessage().substring(file.toString().length());
        }
        throw new AssertionError("opened " + file);
    }

    @Test
    void namesTheFirstForeignObjectInTheResponderTerms() throws SQLException {
        assertThat(refusal(planted("ALTER TABLE SOURCES RENAME TO SOURCES_REAL",
                "CREATE VIEW SOURCES AS SELECT * FROM SOURCES_REAL WHERE FILE_WRITE('x', '/nonexistent/x') >= 0")))
                .isEqualTo(" holds a view SOURCES; auditq's cases hold none: not opened");
        assertThat(refusal(planted("CREATE FORCE TRIGGER T AFTER INSERT ON EVENTS AS 'org.h2.api.Trigger t() { "
                + "return null; }'"))).isEqualTo(" holds a trigger T on EVENTS; auditq's cases hold none: not opened");
        assertThat(refusal(planted("ALTER TABLE SOURCES ALTER COLUMN PATH SET DEFAULT FILE_READ('/etc/hostname')")))
                .isEqualTo(" holds a table SOURCES whose column PATH is CHARACTER VARYING DEFAULT "
                        + "FILE_READ('/etc/hostname'); auditq's is CHARACTER VARYING: not opened");
        assertThat(refusal(planted("ALTER TABLE EVENTS ADD COLUMN X INT GENERATED ALWAYS AS (LENGTH(COMM))")))
                .isEqualTo(" holds a table EVENTS with a column X INTEGER GENERATED ALWAYS AS (CHAR_LENGTH(\"COMM\")); "
                        + "auditq's has none: not opened");
        assertThat(refusal(planted("ALTER TABLE EVENTS ADD CONSTRAINT C CHECK (LENGTH(COMM) >= 0) NOCHECK")))
                .isEqualTo(" holds a check constraint C on EVENTS; auditq's cases hold none: not opened");
        assertThat(refusal(planted("CREATE USER BOSS PASSWORD 'x' ADMIN")))
                .isEqualTo(" holds a user BOSS; auditq's cases hold none: not opened");
        assertThat(refusal(planted("CREATE INDEX EXTRA ON EVENTS (COMM)")))
                .isEqualTo(" holds an index EXTRA; auditq's cases hold none: not opened");
        assertThat(refusal(planted("SET DEFAULT_LOCK_TIMEOUT 5")))
                .isEqualTo(" holds a setting DEFAULT_LOCK_TIMEOUT; auditq's cases hold none: not opened");
        assertThat(refusal(planted("DROP INDEX EVENTS_TIME", "CREATE INDEX EVENTS_TIME ON EVENTS (SERIAL)")))
                .isEqualTo(" holds an index EVENTS_TIME unlike auditq's: not opened");
        assertThat(refusal(planted("DROP VIEW PROCESSES")))
                .isEqualTo(" lacks a view PROCESSES of auditq's cases: not opened");
    }

    @Test
    void statisticsH2WritesIntoATablesDefinitionAreNotForeign() throws SQLException {
        // H2 analyzes a table by itself once enough rows changed (a real ingest does) and records each column's
        // SELECTIVITY in the table's definition
        Path base = planted("INSERT INTO SOURCES (ID, NAME, GZIP, INGESTED_OFFSET, FIRST_LINE, INGESTED_AT_MS, COMPLETE) "
                + "SELECT X, 'log' || X, FALSE, 0, 1, 0, TRUE FROM SYSTEM_RANGE(1, 50)", "ANALYZE");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";IFEXISTS=TRUE");
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT DB_OBJECT_SQL('TABLE', 'PUBLIC', 'SOURCES')")) {
            rs.next();
            assertThat(rs.getString(1)).contains("\"NAME\" CHARACTER VARYING SELECTIVITY 100 NOT NULL,");
        }
        CaseDatabase.openReadOnly(base).close();
        // only where H2 writes it: a SELECTIVITY inside a default is the default's text, and the default is foreign
        assertThat(refusal(planted("ALTER TABLE SOURCES ALTER COLUMN PATH SET DEFAULT ' SELECTIVITY 5'")))
                .startsWith(" holds a table SOURCES whose column PATH is CHARACTER VARYING DEFAULT ' SELECTIVITY 5'");
    }

    @Test
    void aCaseOfAnotherSchemaVersionIsToldSo() throws SQLException {
        Path base = planted("UPDATE META SET SETTING = '3' WHERE NAME = 'schema_version'", "ALTER TABLE EVENTS DROP COLUMN A3");
        assertThat(refusal(base)).isEqualTo(" has case schema version 3; this auditq reads version "
                + CaseDatabase.SCHEMA_VERSION + " (re-ingest the evidence into a new case)");
        Path noMeta = planted("DROP TABLE META");
        assertThat(refusal(noMeta)).isEqualTo(" is not an auditq case database (no meta table)");
    }

    @Test
    void anUncommittedCatalogChangeCountsToo() throws Exception {
        Path base = tmp.resolve("case");
        CaseDatabase.openOrCreate(base).close();
        Path file = CaseDatabase.fileOf(base);
        // a transaction that adds a catalog entry and is never committed: the next open of the file could commit it
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            var tx = CaseCatalog.transactions(store).begin();
            var catalog = tx.<Long, org.h2.result.Row>openMap("table.0");
            org.h2.result.Row any = catalog.get(catalog.firstKey());
            org.h2.value.Value[] values = any.getValueList().clone();
            values[0] = org.h2.value.ValueInteger.get(9999);
            values[2] = org.h2.value.ValueInteger.get(DbObject.CONSTANT);
            values[3] = org.h2.value.ValueVarchar.get("CREATE CONSTANT \"PUBLIC\".\"K\" VALUE 1");
            catalog.put(9999L, org.h2.result.Row.get(values, 0));
            store.commit(); // the store is written; the transaction stays open
        }
        assertThat(catalogOf(file).entries()).extracting(CaseCatalog.Entry::sql)
                .contains("CREATE CONSTANT \"PUBLIC\".\"K\" VALUE 1");
        assertThat(refusal(base)).isEqualTo(" holds a constant K; auditq's cases hold none: not opened");
    }

    @Test
    void aPathWithASemicolonIsRefusedBeforeH2SeesIt() {
        Path base = tmp.resolve("x;INIT=RUNSCRIPT FROM '/etc/passwd'");
        assertThatThrownBy(() -> CaseDatabase.openOrCreate(base)).isInstanceOf(CaseDatabaseException.class)
                .hasMessageEndingWith("a case's path may not contain ';' (rename it)");
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void anEmptyFileBecomesANewCaseAsBefore() throws IOException {
        Path base = tmp.resolve("empty");
        Files.createFile(CaseDatabase.fileOf(base));
        try (CaseDatabase db = CaseDatabase.openOrCreate(base)) {
            assertThat(db.file()).isNotEmptyFile();
        }
        CaseDatabase.openReadOnly(base).close();
    }

    @Test
    void aFileThatIsNotH2IsToldInOneLine() throws IOException {
        Path f = tmp.resolve("bin.mv.db");
        Files.write(f, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        assertThatThrownBy(() -> CaseDatabase.openReadOnly(f)).isInstanceOf(CaseDatabaseException.class)
                .hasMessageStartingWith(f + " cannot be read as an H2 case database (")
                .hasMessageNotContaining("\n");
    }
}
