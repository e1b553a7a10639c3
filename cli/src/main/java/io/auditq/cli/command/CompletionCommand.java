package io.auditq.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** auditq completion: the shell completion script, generated from the command model so it never falls behind. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Print the completion script for bash or zsh (the same script: zsh loads it through bashcompinit).",
                "Load it in the current shell:    source <(auditq completion)",
                "or install it for every shell:   auditq completion > /etc/bash_completion.d/auditq"})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells the script supports. */
    public enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash", description = "bash or zsh (default: bash)")
    Shell shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        out.print(script(spec.root().commandLine()));
        out.flush();
        return 0;
    }

    /** The script for the whole auditq command line (picocli's, which works in bash and in zsh). */
    public static String script(CommandLine root) {
        return AutoComplete.bash("auditq", root);
    }
}
