package io.auditq.cli.command;

import io.auditq.cli.doc.ManPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** auditq man: the manual page, in troff, generated from the command model. */
@Command(name = "man", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Print the auditq(1) manual page (troff), generated from the same model as --help.",
                "Read it with:    auditq man | man -l -",
                "Install it with: auditq man > /usr/local/share/man/man1/auditq.1",
                "docs/man/auditq.1 in the source tree is the same page."})
public final class ManCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        out.print(ManPage.of(spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
