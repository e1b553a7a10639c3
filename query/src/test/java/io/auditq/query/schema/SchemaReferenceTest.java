package io.auditq.query.schema;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/schema.md is generated from schema.sql, its comments included, so the reference cannot drift from the
 * schema. After changing schema.sql, regenerate with {@code ./mvnw -pl query -am test -Dtest=SchemaReferenceTest
 * -Dgolden.update=true -Dsurefire.failIfNoSpecifiedTests=false} and read the diff.
 */
class SchemaReferenceTest {
    static String render(String schema) {
        SchemaReference ref = SchemaReference.parse(schema);
        List<SchemaReference.Table> tables = ref.tables();
        StringBuilder md = new StringBuilder();
        md.append("# Case database schema reference\n\n")
                .append("<!-- Generated from query/src/main/resources/io/auditq/query/schema.sql by SchemaReferenceTest; "
                        + "do not edit: change schema.sql and regenerate (-Dgolden.update=true). -->\n\n")
                .append("Every table and column of the case database (`auditq ingest … --db case`), which `auditq sql` "
                        + "and `auditq shell` query (see [shell.md](shell.md)); how a case is built: "
                        + "[case-database.md](case-database.md).\n\n");
        for (String h : ref.preface().split("\n\n")) {
            md.append(h.replace('\n', ' ').strip()).append("\n\n");
        }
        md.append("## Columns many tables share\n\nWhere a table below leaves a column's meaning empty, it is this one.\n\n"
                + "| column | meaning |\n|---|---|\n");
        SchemaReference.SHARED.forEach((k, v) -> md.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        md.append("\nTables: ");
        List<String> links = new ArrayList<>();
        for (SchemaReference.Table t : tables) {
            links.add("[`" + t.name() + "`](#" + t.name() + ")");
        }
        md.append(String.join(", ", links)).append(".\n");
        for (SchemaReference.Table t : tables) {
            md.append("\n## ").append(t.name()).append("\n\n");
            if (t.kind().equals("view")) {
                md.append("A view (computed when queried). ");
            }
            if (!t.about().isEmpty()) {
                md.append(t.about()).append('\n');
            }
            if (t.sql() != null) {
                md.append("\n```sql\n").append(t.sql()).append("\n```\n");
            } else {
                md.append("\n| column | type | meaning |\n|---|---|---|\n");
                for (SchemaReference.Column c : t.columns()) {
                    md.append("| `").append(c.name()).append("` | ").append(c.type().replace("|", "\\|")).append(" | ")
                            .append(meaning(c).replace("|", "\\|")).append(" |\n");
                }
            }
            if (!t.keys().isEmpty()) {
                md.append("\nKeys and indexes: ").append(String.join("; ", t.keys())).append(".\n");
            }
        }
        return md.toString();
    }

    private static String meaning(SchemaReference.Column c) {
        String m = c.meaning();
        return m.isEmpty() && SchemaReference.SHARED.containsKey(c.name()) ? "(see [shared columns](#columns-many-tables-share))" : m;
    }

    @Test
    void docsSchemaMdIsGeneratedFromSchemaSql() throws IOException {
        String schema;
        try (InputStream in = CaseDatabase.class.getResourceAsStream("/io/auditq/query/schema.sql")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String md = render(schema);
        assertThat(md).contains("## connections").contains("| `dst_addr` | VARCHAR NOT NULL |")
                .contains("| `loopback` | BOOLEAN NOT NULL | 127.0.0.0/8, ::1, and the unspecified 0.0.0.0 and :: |")
                .contains("## processes\n\nA view");
        // every column of every table appears
        Matcher create = Pattern.compile("(?m)^CREATE TABLE (\\w+)").matcher(schema);
        while (create.find()) {
            assertThat(md).contains("## " + create.group(1) + "\n");
        }
        Path committed = Path.of(System.getProperty("auditq.root", ".."), "docs", "schema.md");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(committed, md);
        }
        assertThat(committed).as("docs/schema.md missing; run with -Dgolden.update=true").exists();
        assertThat(Files.readString(committed)).as("docs/schema.md is stale; regenerate with -Dgolden.update=true")
                .isEqualTo(md);
    }
}
