package io.auditq.cli;

import io.auditq.cli.out.Terminal;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import io.auditq.parser.normal.AccountNames;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every command that reads audit logs shares: the inputs and where names come from. */
public final class InputOptions {
    @Parameters(paramLabel = "INPUT", arity = "0..*",
            description = "audit.log files (gzip or plain; read oldest first by their first record), directories "
                    + "(their audit.log and rotations, oldest first) or - for stdin. Default: /var/log/audit")
    public List<String> inputs = new ArrayList<>();

    @Option(names = "--passwd", paramLabel = "FILE",
            description = "the evidence host's /etc/passwd, for uid names the log does not carry")
    public Path passwd;

    @Option(names = "--group", paramLabel = "FILE", description = "the evidence host's /etc/group, for gid names")
    public Path group;

    @Option(names = "--local-names",
            description = "also name uids from THIS machine's /etc/passwd (wrong for evidence from another host)")
    public boolean localNames;

    @Option(names = "--strict", description = "stop at the first malformed line (exit code 4)")
    public boolean strict;

    public AccountNames names() {
        AccountNames n = AccountNames.fromLogOnly();
        if (passwd != null) {
            n.withPasswd(passwd);
        }
        if (group != null) {
            n.withGroup(group);
        }
        if (localNames) {
            n.withLocalNames();
        }
        return n;
    }

    private List<LogSource> sources;

    /** The inputs in read order; the first call says on stderr when files are read in another order than given. */
    public List<LogSource> sources() {
        if (sources == null) {
            sources = LogInputs.expand(inputs);
            List<String> order = sources.stream().map(LogSource::name).toList();
            if (order.size() == inputs.size() && !order.equals(inputs)) {
                // never silently: the responder sees the order the evidence was read in
                System.err.println("auditq: note: files read oldest first (by each file's first record): "
                        + Terminal.safe(String.join(", ", order)));
            }
        }
        return sources;
    }

    /** A reader of the inputs (a new one each call: a reader is read once). */
    public AuditLogReader reader() {
        // a progress line on stderr while long inputs are read, when stderr is a terminal
        return ReadProgress.watch(new AuditLogReader(sources()).strict(strict));
    }
}
