package io.auditq.cli;

import io.auditq.cli.command.CaptureCommand;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.command.EventsCommand;
import io.auditq.cli.command.ExportCommand;
import io.auditq.cli.command.IngestCommand;
import io.auditq.cli.command.MalformedCommand;
import io.auditq.cli.command.RulesCommand;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The auditq command: answers a responder's questions from Linux audit logs. */
@Command(name = "auditq", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Forensic analyzer for Linux kernel audit logs: outbound connections, processes, users.",
        subcommands = {EventsCommand.class, ConnectionsCommand.class, IngestCommand.class, ExportCommand.class,
                MalformedCommand.class, CaptureCommand.class, RulesCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (malformed lines, if any, are counted on stderr)", "1:internal error (a bug)",
                "2:usage error",
                "3:an input or the case database could not be read, or ended early (what was read is printed)",
                "4:--strict stopped at a malformed line", "5:missing capability for live capture"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see auditq --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; the exit code is returned, never a stack trace for a user's mistake. */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("auditq: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        cl.setExitCodeExceptionMapper(t -> ExitCode.INTERNAL);
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        switch (ex) {
            case AuditLogReader.MalformedInputException m -> {
                err.println("auditq: stopped (--strict) at " + m.getMessage());
                code = ExitCode.MALFORMED;
            }
            case InputException i -> {
                err.println("auditq: " + i.getMessage());
                code = ExitCode.INPUT;
            }
            case UncheckedIOException io when isBrokenPipe(io) -> code = ExitCode.OK;
            case UserError u -> {
                err.println("auditq: " + u.getMessage());
                code = u.exitCode();
            }
            default -> {
                err.println("auditq: internal error: " + ex);
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

    private static boolean isBrokenPipe(UncheckedIOException e) {
        String m = e.getCause() == null ? null : e.getCause().getMessage();
        return m != null && m.contains("Broken pipe");
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"auditq " + (v == null ? "0.1.0-dev" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
