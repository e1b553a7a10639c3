package io.auditq.query.schema;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defence in depth: even SQL that reaches H2 past the catalog check (here, run directly as an administrator, and a
 * file opened without auditq's check) cannot run Java: no class is loaded, no source compiled, no object
 * deserialized.
 */
class H2LockdownTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void auditqIsLoaded() {
        CaseDatabase.inMemory().close();
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:");
    }

    private static int errorOf(String sql) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    @Test
    void noJavaSourceIsCompiled() throws SQLException {
        assertThat(errorOf("CREATE ALIAS PWN AS 'String pwn() { return \"ran\"; }'"))
                .isEqualTo(ErrorCode.ACCESS_DENIED_TO_CLASS_1);
        assertThat(errorOf("CREATE TRIGGER PWN BEFORE SELECT ON INFORMATION_SCHEMA.USERS AS 'org.h2.api.Trigger t() "
                + "{ return null; }'")).isNotZero();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE FORCE ALIAS PWN AS 'String pwn() { return \"ran\"; }'"); // stored, not compiled
            assertThatThrownBy(() -> s.execute("CALL PWN()")).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(ErrorCode.ACCESS_DENIED_TO_CLASS_1);
        }
    }

    @Test
    void noClassIsLoadedForSql() throws SQLException {
        assertThat(errorOf("CREATE ALIAS GETPROP FOR 'java.lang.System.getProperty'"))
                .isEqualTo(ErrorCode.ACCESS_DENIED_TO_CLASS_1);
        assertThat(errorOf("CREATE TRIGGER PWN BEFORE INSERT ON INFORMATION_SCHEMA.USERS CALL "
                + "'org.h2.fulltext.FullText$FullTextTrigger'")).isNotZero();
        assertThat(errorOf("CREATE TABLE PWN(X INT) ENGINE \"org.h2.mvstore.db.MVTableEngine\""))
                .isEqualTo(ErrorCode.ACCESS_DENIED_TO_CLASS_1);
    }

    @Test
    void aTriggerInAFileOpenedWithoutTheCheckDoesNotRun() throws Exception {
        Path marker = tmp.resolve("ran");
        Path base = tmp.resolve("case");
        CaseDatabase.openOrCreate(base).close();
        String url = "jdbc:h2:file:" + base + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE FORCE TRIGGER PWN AFTER INSERT ON EVENTS AS 'org.h2.api.Trigger t() throws Exception { "
                    + "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\"); "
                    + "return null; }'");
        }
        // H2 loads (compiles and calls) a trigger's source as it opens the file; here it cannot
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("PWN");
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void noJavaObjectIsDeserialized() throws SQLException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(List.of("a")));
        }
        try (Connection c = admin(); PreparedStatement p = c.prepareStatement("SELECT CAST(? AS JAVA_OBJECT)")) {
            p.setBytes(1, bytes.toByteArray());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThatThrownBy(() -> rs.getObject(1)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("REJECTED");
            }
        }
    }
}
