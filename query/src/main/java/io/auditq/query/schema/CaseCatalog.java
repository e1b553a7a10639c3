package io.auditq.query.schema;

import org.h2.engine.DbObject;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.ValueDataType;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.result.Row;
import org.h2.value.Value;
import org.h2.value.VersionedValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects a case's database defines, as H2 keeps them: its catalog table holds one statement per object (a
 * CREATE, a SET, a GRANT, an ALTER TABLE … ADD CONSTRAINT), which H2 runs again every time it opens the file. Read
 * here from the file's store, without opening the database, so that nothing of a case runs before it is checked.
 *
 * @param entries in H2's object id order
 */
record CaseCatalog(List<Entry> entries) {
    /** H2's catalog is the table with id 0; a table's rows are in the map "table.ID". */
    private static final String CATALOG_MAP = "table.0";
    private static final Pattern NAME = Pattern.compile("\"((?:[^\"]|\"\")*)\"(?:\\.\"((?:[^\"]|\"\")*)\")?");

    /**
     * One object of the catalog.
     *
     * @param id   H2's object id
     * @param type the kind of object: org.h2.engine.DbObject's numbers (TABLE_OR_VIEW, INDEX, TRIGGER, …)
     * @param sql  the statement that creates it
     */
    record Entry(int id, int type, String sql) {
        /** The statement as a line of case-catalog.txt: the type, a tab, the SQL with \ and line breaks escaped. */
        String line() {
            return type + "\t" + sql.replace("\\", "\\\\").replace("\n", "\\n");
        }

        static Entry ofLine(String line) {
            int tab = line.indexOf('\t');
            String sql = line.substring(tab + 1).replace("\\n", "\n").replace("\\\\", "\\");
            return new Entry(0, Integer.parseInt(line.substring(0, tab)), sql);
        }

        /** Type and statement, without the id (which differs between cases for the same object). */
        String key() {
            return type + "\t" + sql;
        }

        /**
         * The object's name, without the PUBLIC schema ("SOURCES", "FT.WORDS"): for a constraint its own name (not its
         * table's), for a grant its grantee, for a setting the setting; "" for none.
         */
        String name() {
            if (type == DbObject.SETTING) {
                return sql.startsWith("SET ") ? sql.substring(4).split(" ", 2)[0] : "";
            }
            List<String> names = identifiers(sql);
            if (names.isEmpty()) {
                return "";
            }
            return switch (type) {
                case DbObject.CONSTRAINT -> names.size() > 1 ? names.get(1) : names.getFirst();
                case DbObject.RIGHT -> names.getLast();
                default -> names.getFirst();
            };
        }
    }

    /** The quoted, possibly schema-qualified names in {@code sql}, in order, without the PUBLIC schema. */
    static List<String> identifiers(String sql) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(sql);
        while (m.find()) {
            String first = m.group(1).replace("\"\"", "\"");
            if (m.group(2) == null) {
                names.add(first);
            } else {
                String second = m.group(2).replace("\"\"", "\"");
                names.add(first.equals("PUBLIC") ? second : first + "." + second);
            }
        }
        return names;
    }

    /**
     * Every version of every entry the store holds: the committed one, and one a transaction left uncommitted
     * (which a later commit, or auditq's own recovery of a killed ingest, would make current).
     */
    static CaseCatalog read(MVStore store, TransactionStore transactions) {
        List<Entry> entries = new ArrayList<>();
        if (!store.hasMap(CATALOG_MAP)) {
            return new CaseCatalog(entries);
        }
        TransactionMap<Long, Row> catalog = transactions.begin().openMap(CATALOG_MAP);
        for (VersionedValue<Row> v : catalog.map.values()) {
            add(entries, v.getCommittedValue());
            if (v.getCurrentValue() != v.getCommittedValue()) {
                add(entries, v.getCurrentValue());
            }
        }
        entries.sort(Comparator.comparingInt(Entry::id));
        return new CaseCatalog(List.copyOf(entries));
    }

    /** H2's transactions over a store opened read-only: for reading its maps, committed or not. */
    static TransactionStore transactions(MVStore store) {
        TransactionStore ts = new TransactionStore(store, new ValueDataType());
        ts.init();
        return ts;
    }

    private static void add(List<Entry> entries, Row row) {
        if (row != null) {
            int type = row.getValue(2).getInt();
            entries.add(new Entry(row.getValue(0).getInt(), type, withoutStatistics(type, row.getValue(3).getString())));
        }
    }

    /**
     * A column's SELECTIVITY: a statistic H2 writes into a table's definition when it analyzes the table (by
     * itself, after enough rows changed), so it differs from case to case. Taken out of the definition only where
     * H2 puts it, right after the column's type (no quote or literal before it on the line).
     */
    private static final Pattern SELECTIVITY =
            Pattern.compile("(?m)^(    \"(?:[^\"]|\"\")*\" [^'\"\n]*?) SELECTIVITY \\d+((?: NOT NULL)?,?)$");

    static String withoutStatistics(int type, String sql) {
        return type == DbObject.TABLE_OR_VIEW && sql.startsWith("CREATE CACHED TABLE ") && sql.contains(" SELECTIVITY ")
                ? SELECTIVITY.matcher(sql).replaceAll("$1$2") : sql;
    }

    /** The entry that creates the table {@code name} of the PUBLIC schema, if any. */
    Optional<Entry> table(String name) {
        return entries.stream().filter(e -> e.type() == DbObject.TABLE_OR_VIEW && e.name().equals(name)
                && e.sql().startsWith("CREATE CACHED TABLE ")).findFirst();
    }

    /**
     * The case's schema version, meta.schema_version as committed, read from the rows of its META table in the
     * store (data only: nothing is evaluated); empty when there is no such table or row.
     */
    Optional<String> schemaVersion(MVStore store, TransactionStore transactions) {
        Optional<Entry> meta = table("META");
        if (meta.isEmpty() || !store.hasMap("table." + meta.get().id())) {
            return Optional.empty();
        }
        TransactionMap<Long, Row> rows = transactions.begin().openMap("table." + meta.get().id());
        for (VersionedValue<Row> v : rows.map.values()) {
            Row r = v.getCommittedValue();
            if (r != null && r.getColumnCount() == 2 && text(r.getValue(0)).equals("schema_version")) {
                return Optional.of(text(r.getValue(1)));
            }
        }
        return Optional.empty();
    }

    private static String text(Value v) {
        return v == null ? "" : v.getString();
    }
}
