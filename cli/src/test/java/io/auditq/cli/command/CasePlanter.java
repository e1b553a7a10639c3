package io.auditq.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an attacker does to a case with nothing but the H2 jar: copies it once per attack and adds one kind of
 * foreign object, whose payload writes a file named after the attack into MARKS. Run in its own JVM, with H2 alone on
 * the class path and none of auditq's restrictions (UntrustedCaseTest starts it), as the attacker's machine would.
 * Usage: CasePlanter CASE.mv.db OUT_DIR MARKS; prints each attack's name when planted.
 */
public final class CasePlanter {
    private CasePlanter() {
    }

    /** Each attack: its name and the statements that plant it. */
    static Map<String, String[]> attacks(String marks) {
        Map<String, String[]> a = new LinkedHashMap<>();
        String write = "FILE_WRITE('planted by the case file', '" + marks + "/%s')";
        String java = "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marks + "/%s\"), \"java code ran\")";
        a.put("view-file-write", new String[] {"ALTER TABLE SOURCES RENAME TO SOURCES_REAL",
                "CREATE VIEW SOURCES AS SELECT * FROM SOURCES_REAL WHERE " + write.formatted("view-file-write") + " >= 0"});
        a.put("java-source-alias", new String[] {"ALTER TABLE SOURCES RENAME TO SOURCES_REAL",
                "CREATE ALIAS PWN AS 'String pwn() throws Exception { " + java.formatted("java-source-alias")
                        + "; return \"x\"; }'",
                "CREATE VIEW SOURCES AS SELECT * FROM SOURCES_REAL WHERE PWN() IS NOT NULL"});
        // the trigger's source runs when H2 loads it (as it opens the file); armed only once planted
        a.put("java-source-trigger", new String[] {"CREATE TRIGGER PWN AFTER INSERT ON EVENTS AS 'org.h2.api.Trigger t() "
                + "throws Exception { if (java.nio.file.Files.exists(java.nio.file.Path.of(\"" + marks + "/armed\"))) "
                + java.formatted("java-source-trigger") + "; return new org.h2.api.Trigger() { public void fire("
                + "java.sql.Connection c, Object[] o, Object[] n) {} }; }'"});
        a.put("class-trigger", new String[] {"CREATE FORCE TRIGGER PWN AFTER INSERT ON EVENTS CALL "
                + "'org.h2.fulltext.FullText$FullTextTrigger'"});
        a.put("class-alias", new String[] {"CREATE ALIAS GETENV FOR 'java.lang.System.getenv(java.lang.String)'",
                "ALTER TABLE SOURCES RENAME TO SOURCES_REAL",
                "CREATE VIEW SOURCES AS SELECT * FROM SOURCES_REAL WHERE GETENV('HOME') IS NOT NULL"});
        a.put("computed-column", new String[] {"ALTER TABLE SOURCES ADD COLUMN X INT GENERATED ALWAYS AS ("
                + write.formatted("computed-column") + ")"});
        a.put("default-column", new String[] {"ALTER TABLE EVENTS ALTER COLUMN PROBLEMS SET DEFAULT "
                + write.formatted("default-column")});
        a.put("check-constraint", new String[] {"ALTER TABLE EVENTS ADD CONSTRAINT PWN CHECK ("
                + write.formatted("check-constraint") + " >= 0) NOCHECK"});
        a.put("admin-user", new String[] {"CREATE USER PWN PASSWORD 'x' ADMIN"});
        a.put("non-admin-owner", new String[] {"CREATE USER PWN PASSWORD 'x' ADMIN", "AS PWN: ALTER USER \"\" ADMIN FALSE"});
        a.put("role-and-grant", new String[] {"CREATE ROLE PWN", "GRANT SELECT ON EVENTS TO PWN"});
        a.put("linked-table", new String[] {"CREATE LINKED TABLE PWN('org.h2.Driver', 'jdbc:h2:mem:pwn;INIT=CALL "
                + write.formatted("linked-table").replace("'", "''") + "', '', '', 'INFORMATION_SCHEMA.USERS')"});
        a.put("domain", new String[] {"CREATE DOMAIN PWN AS VARCHAR DEFAULT " + write.formatted("domain")
                + " CHECK (" + write.formatted("domain") + " >= 0)"});
        a.put("constant", new String[] {"CREATE CONSTANT PWN VALUE " + write.formatted("constant")});
        a.put("sequence", new String[] {"CREATE SEQUENCE PWN"});
        a.put("synonym", new String[] {"CREATE SYNONYM PWN FOR EVENTS"});
        a.put("schema", new String[] {"CREATE SCHEMA PWN"});
        a.put("materialized-view", new String[] {"CREATE MATERIALIZED VIEW PWN AS SELECT "
                + write.formatted("materialized-view") + " AS X"});
        a.put("aggregate", new String[] {"CREATE FORCE AGGREGATE PWN FOR 'org.example.Pwn'"});
        a.put("setting", new String[] {"SET DEFAULT_LOCK_TIMEOUT 5"});
        a.put("replaced-processes-view", new String[] {"CREATE OR REPLACE VIEW PROCESSES AS SELECT NODE, PID, PPID, EXE, "
                + "MIN(TIME_MS) AS FIRST_SEEN_MS, MAX(TIME_MS) AS LAST_SEEN_MS, COUNT(*) AS EVENTS, MIN(COMM) AS COMM, "
                + "COUNT(DISTINCT COMM) AS COMMS, MIN(UID) AS UID, MIN(AUID) AS AUID, MIN(SES) AS SES FROM EVENTS "
                + "WHERE PID IS NOT NULL AND " + write.formatted("replaced-processes-view") + " >= 0 "
                + "GROUP BY NODE, PID, PPID, EXE"});
        a.put("java-object-column", new String[] {"ALTER TABLE SOURCES ADD COLUMN JO JAVA_OBJECT"});
        a.put("extra-table", new String[] {"CREATE TABLE PWN(X INT)"});
        a.put("extra-index", new String[] {"CREATE INDEX PWN ON EVENTS(COMM)"});
        a.put("comment", new String[] {"COMMENT ON TABLE EVENTS IS 'planted'"});
        return a;
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String marks = args[2];
        for (Map.Entry<String, String[]> attack : attacks(marks).entrySet()) {
            Path dir = Files.createDirectories(out.resolve(attack.getKey()));
            Files.copy(source, dir.resolve("case.mv.db"), StandardCopyOption.REPLACE_EXISTING);
            String url = "jdbc:h2:file:" + dir.resolve("case") + ";IFEXISTS=TRUE";
            try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
                for (String sql : attack.getValue()) {
                    if (sql.startsWith("AS PWN: ")) {
                        try (Connection other = DriverManager.getConnection(url, "PWN", "x");
                             Statement o = other.createStatement()) {
                            o.execute(sql.substring("AS PWN: ".length()));
                        }
                    } else {
                        s.execute(sql);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(attack.getKey() + ": " + e.getMessage(), e);
            }
            System.out.println(attack.getKey());
        }
    }
}
