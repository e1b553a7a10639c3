package io.auditq.fleet.command;

import io.auditq.cli.UserError;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.fleet.run.Evidence;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** What every fleet command shares: the roots (or a lake), the Spark master and the output format. */
public final class FleetOptions {
    @Parameters(paramLabel = "ROOT", arity = "0..*",
            description = "directories of hosts: ROOT/<host>/audit.log* (with passwd and group beside them), or "
                    + "ROOT/<host>/var/log/audit/audit.log* with ROOT/<host>/etc/passwd; local paths or URIs "
                    + "(hdfs://…, s3a://… with hadoop-aws)")
    List<String> roots = new ArrayList<>();

    @Option(names = "--lake", paramLabel = "DIR", description = "a lake made by auditq fleet ingest: answer from it "
            + "instead of ROOTs")
    String lake;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*] (default: this machine, "
            + "every core), local[N], spark://HOST:PORT, yarn, k8s://…")
    String master;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table, csv, json or jsonl (default: table on a terminal, csv otherwise)")
    ConnectionsCommand.Format format;

    ConnectionsCommand.Format format() {
        if (format != null) {
            return format;
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal() ? ConnectionsCommand.Format.table : ConnectionsCommand.Format.csv;
    }

    /** The evidence of a question: ROOTs or --lake, not both. */
    Evidence evidence() {
        if (lake != null && !roots.isEmpty()) {
            throw new UserError("give ROOTs or --lake, not both (auditq fleet ingest adds ROOTs to a lake)");
        }
        if (lake != null) {
            return new Evidence.Lake(lake);
        }
        if (roots.isEmpty()) {
            throw new UserError("name at least one ROOT (a directory of host directories), or --lake DIR");
        }
        return new Evidence.Logs(roots);
    }
}
