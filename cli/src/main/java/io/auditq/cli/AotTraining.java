package io.auditq.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run for the JVM's AOT cache (the ./auditq launcher runs it once after each build, under
 * {@code -XX:AOTCacheOutput}): several auditq command lines in one JVM, separated by a lone {@code ";"}, so the
 * cache holds the classes and profiles of more than the one command a plain {@code java -jar} run would see.
 * What the commands print on stdout is discarded; their stderr is kept. Exits 1 if any command did not exit 0,
 * naming it on stderr, so a training run that went wrong is not taken for a good one.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        System.exit(run(args) == 0 ? ExitCode.OK : ExitCode.INTERNAL);
    }

    /** Runs each command line of {@code args} ({@code ";"} between them); returns how many did not exit 0. */
    static int run(String... args) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
        try {
            int failed = 0;
            List<String> command = new ArrayList<>();
            for (String arg : Arrays.copyOf(args, args.length + 1)) {   // a null ends the last command line
                if (arg != null && !arg.equals(";")) {
                    command.add(arg);
                } else if (!command.isEmpty()) {
                    int code = Main.run(command.toArray(String[]::new));
                    if (code != ExitCode.OK) {
                        System.err.println("auditq training: exit code " + code + " from: auditq "
                                + String.join(" ", command));
                        failed++;
                    }
                    command.clear();
                }
            }
            return failed;
        } finally {
            System.setOut(out);
        }
    }
}
