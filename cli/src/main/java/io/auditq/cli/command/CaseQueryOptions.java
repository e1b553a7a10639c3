package io.auditq.cli.command;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a canned question is asked (a case database, or INPUT read one-shot) and how its answer is printed. */
public final class CaseQueryOptions {
    @Option(names = "--db", paramLabel = "CASE", description = "ask the case database CASE (CASE.mv.db) instead of reading INPUT")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, csv, json or jsonl (default: table on a terminal, csv otherwise)")
    ConnectionsCommand.Format format;

    /** The format asked for, else table on a terminal and csv in a pipe or file. */
    ConnectionsCommand.Format format() {
        return orDefault(format);
    }

    static ConnectionsCommand.Format orDefault(ConnectionsCommand.Format asked) {
        return asked != null ? asked : ConnectionsCommand.isTerminal() ? ConnectionsCommand.Format.table
                : ConnectionsCommand.Format.csv;
    }
}
