package io.auditq.fleet.command;

import io.auditq.cli.CsvOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.out.Column;
import io.auditq.cli.out.RowPrinter;
import io.auditq.cli.out.Times;
import io.auditq.fleet.lake.Lake;
import io.auditq.fleet.run.FleetSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/** auditq fleet sql: Spark SQL over a lake's tables. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs one Spark SQL query over the lake's tables: connections (one row per attempt), hosts, "
                + "sources, account_names; each has a host column."})
public final class SqlCommand implements Callable<Integer> {
    @Option(names = "--lake", paramLabel = "DIR", required = true, description = "the lake (auditq fleet ingest)")
    String lake;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*])")
    String master;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv, json or jsonl")
    ConnectionsCommand.Format format;

    @Mixin
    CsvOptions csv;

    @Parameters(paramLabel = "QUERY", arity = "1", description = "the query, e.g. \"SELECT host, count(*) FROM "
            + "connections GROUP BY host\"")
    String query;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = FleetSession.start(FleetSession.master(master));
        for (String t : Lake.TABLES) {
            Lake.table(spark, lake, t).createOrReplaceTempView(t);
        }
        Dataset<Row> result;
        try {
            result = spark.sql(query);
        } catch (Exception e) {
            if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
                throw e;
            }
            // the user wrote SQL: Spark's own first line is the answer to what is wrong with it
            String m = String.valueOf(e.getMessage());
            throw new UserError("sql: " + (m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m));
        }
        FleetOptions o = new FleetOptions();
        o.format = format;
        ConnectionsCommand.Format fmt = o.format();
        List<Column<Row>> columns = new ArrayList<>();
        StructField[] fields = result.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            int at = i;
            columns.add(Column.of(fields[i].name(), r -> value(r.get(at))));
        }
        Writer out = FleetPrint.stdout();
        Times times = Times.utc();
        RowPrinter<Row> p = fmt == ConnectionsCommand.Format.table ? FleetPrint.table(out, columns, times)
                : FleetPrint.printer(out, fmt, columns, times, csv.style());
        Iterator<Row> rows = result.toLocalIterator();
        while (rows.hasNext()) {
            p.row(rows.next());
        }
        p.finish();
        out.flush();
        return 0;
    }

    private static Object value(Object v) {
        return switch (v) {
            case scala.collection.Seq<?> s -> new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(s));
            case scala.collection.Map<?, ?> m -> new java.util.TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(m));
            case Row r -> r.toString();
            case null, default -> v;
        };
    }
}
