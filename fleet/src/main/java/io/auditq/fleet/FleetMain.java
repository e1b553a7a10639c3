package io.auditq.fleet;

import io.auditq.cli.ExitCode;
import io.auditq.cli.UserError;
import io.auditq.cli.out.Terminal;
import io.auditq.fleet.command.DestinationsCommand;
import io.auditq.fleet.command.FleetConnectionsCommand;
import io.auditq.fleet.command.HostsCommand;
import io.auditq.fleet.command.IngestCommand;
import io.auditq.fleet.command.SqlCommand;
import io.auditq.fleet.layout.HostDiscovery;
import io.auditq.parser.input.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * auditq fleet: the connections questions over many hosts' logs at once, on Apache Spark. The ./auditq launcher
 * runs this class (with Spark's jars) for {@code auditq fleet …}; spark-submit runs it from the fleet jar.
 */
@Command(name = "auditq fleet", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = "The connections questions over many hosts' audit logs at once, exactly, on Apache Spark "
                + "(local mode by default; --master for a cluster).",
        subcommands = {FleetConnectionsCommand.class, DestinationsCommand.class, HostsCommand.class,
                IngestCommand.class, SqlCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host answered in full", "1:internal error (a bug)", "2:usage error",
                "3:incomplete: some hosts could not answer in full (named on stderr); the others are answered"})
public final class FleetMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see auditq fleet --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new FleetMain());
        cl.setExecutionExceptionHandler(FleetMain::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("auditq: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExitCodeExceptionMapper(t -> ExitCode.INTERNAL);
        return cl.execute(args);
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        switch (ex) {
            case UserError u -> {
                err.println("auditq: " + Terminal.safe(u.getMessage()));
                code = u.exitCode();
            }
            case HostDiscovery.BadRoot b -> {
                err.println("auditq: " + Terminal.safe(b.getMessage()));
                code = ExitCode.INPUT;
            }
            case InputException i -> {
                err.println("auditq: " + Terminal.safe(i.getMessage()));
                code = ExitCode.INPUT;
            }
            case UncheckedIOException io -> {
                err.println("auditq: " + Terminal.safe(io.getMessage()));
                code = ExitCode.INPUT;
            }
            default -> {
                err.println("auditq: internal error: " + Terminal.safe(String.valueOf(ex)));
                if (System.getenv("AUDITQ_DEBUG") != null) {
                    ex.printStackTrace(err);
                } else {
                    err.println("auditq: please report this; AUDITQ_DEBUG=1 shows the stack trace");
                }
                code = ExitCode.INTERNAL;
            }
        }
        err.flush();
        return code;
    }
}
