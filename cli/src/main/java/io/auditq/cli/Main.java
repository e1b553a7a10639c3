package io.auditq.cli;

import io.auditq.cli.command.CaptureCommand;
import io.auditq.cli.command.CompletionCommand;
import io.auditq.cli.command.ConnectionsCommand;
import io.auditq.cli.command.EventsCommand;
import io.auditq.cli.command.ExecCommand;
import io.auditq.cli.command.ExportCommand;
import io.auditq.cli.command.FilesCommand;
import io.auditq.cli.command.IngestCommand;
import io.auditq.cli.command.ListenersCommand;
import io.auditq.cli.command.MalformedCommand;
import io.auditq.cli.command.ManCommand;
import io.auditq.cli.command.RulesCommand;
import io.auditq.cli.command.ShellCommand;
import io.auditq.cli.command.SourcesCommand;
import io.auditq.cli.command.SqlCommand;
import io.auditq.cli.command.SummaryCommand;
import io.auditq.cli.command.TreeCommand;
import io.auditq.cli.command.UsersCommand;
import io.auditq.cli.out.Terminal;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** The auditq command: answers a responder's questions from Linux audit logs. */
@Command(name = "auditq", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Forensic analyzer for Linux kernel audit logs: outbound connections, processes, users.",
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
        int code;
        try {
            code = run(args);
        } catch (OutOfMemoryError e) {
            // an answer is held in memory whole (docs/hardening.md, "Big inputs"): say so, not a stack trace
            System.err.println(outOfMemoryMessage(args.length > 0 ? args[0] : ""));
            code = ExitCode.INTERNAL;
        }
        System.exit(code);
    }

    /** Runs a command line; the exit code is returned, never a stack trace for a user's mistake. */
    public static int run(String... args) {
        CommandLine cl = commandLine(args);
        return cl.execute(args);
    }

    /**
     * The commands, in the order --help lists them. Not in {@code @Command(subcommands=…)}: picocli then builds
     * every command's model by reflection on each run, ~0.2 s of a 0.3 s {@code auditq --version}.
     */
    private static final List<Class<?>> COMMANDS = List.of(EventsCommand.class, ConnectionsCommand.class,
            IngestCommand.class, ExportCommand.class, SourcesCommand.class, UsersCommand.class, SummaryCommand.class,
            ExecCommand.class, TreeCommand.class, FilesCommand.class, ListenersCommand.class, MalformedCommand.class,
            CaptureCommand.class, RulesCommand.class, SqlCommand.class, ShellCommand.class, CompletionCommand.class,
            ManCommand.class, CommandLine.HelpCommand.class);

    /** The whole command tree: for help, completion and the man page, which describe every command. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command tree a run with these arguments needs: only the named command when the first argument names
     * one that does not describe the others (help, completion and man do); none for a lone --version; every
     * command otherwise, so an unknown name or a top-level option is answered exactly as with the whole tree.
     */
    static CommandLine commandLine(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return commandLine(List.of());
        }
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0]) && !DESCRIBES_OTHERS.contains(command)) {
                    return commandLine(List.of(command));
                }
            }
        }
        return commandLine(COMMANDS);
    }

    private static final Set<Class<?>> DESCRIBES_OTHERS =
            Set.of(CompletionCommand.class, ManCommand.class, CommandLine.HelpCommand.class);

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        commands.forEach(cl::addSubcommand);
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
                err.println("auditq: stopped (--strict) at " + Terminal.safe(m.getMessage()));
                code = ExitCode.MALFORMED;
            }
            case InputException i -> {
                err.println("auditq: " + Terminal.safe(i.getMessage()));
                code = ExitCode.INPUT;
            }
            case UncheckedIOException io when isBrokenPipe(io) -> code = ExitCode.OK;
            case UserError u -> {
                err.println("auditq: " + Terminal.safe(u.getMessage()));
                code = u.exitCode();
            }
            case Exception e when outOfMemory(e) -> {
                // H2 reports a heap exhausted by a query as SQL error 90108, not as OutOfMemoryError
                err.println(outOfMemoryMessage(cl.getCommandName()));
                code = ExitCode.INTERNAL;
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

    /** What to say when the heap ran out, with advice the command can follow (sql has no --since/--until). */
    static String outOfMemoryMessage(String command) {
        String narrow = switch (command) {
            case "sql", "shell" -> "narrow the query (WHERE, fewer groups, LIMIT)";
            default -> "narrow it (--since/--until)";
        };
        return "auditq: out of memory (Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): the answer "
                + "has too many rows to hold; " + narrow + ", or give the JVM more with AUDITQ_JAVA_OPTS=-Xmx<size> "
                + "(see docs/hardening.md, \"Big inputs\")";
    }

    private static boolean outOfMemory(Throwable t) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError
                    || (t instanceof java.sql.SQLException s && s.getErrorCode() == org.h2.api.ErrorCode.OUT_OF_MEMORY)) {
                return true;
            }
        }
        return false;
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
