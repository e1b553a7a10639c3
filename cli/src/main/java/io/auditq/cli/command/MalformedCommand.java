package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.InputOptions;
import io.auditq.cli.out.Terminal;
import io.auditq.parser.AuditLogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** auditq malformed: lists every line auditq could not read, with file, line number and a bounded snippet. */
@Command(name = "malformed", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = "List every input line that is not an audit record (file:line: reason: snippet), "
                + "then the line accounting.")
public final class MalformedCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        AuditLogReader.Summary s = input.reader().read(ev -> { }, m -> out.println(Terminal.safe(m.toString())));
        var st = s.stats();
        out.printf("%d lines: %d records in %d events, %d blank, %d comments, %d malformed%s%n",
                st.lines, st.records, s.events(), st.blank, st.comments, st.malformed,
                s.collisions() == 0 ? "" : ", " + s.collisions() + " key collision" + (s.collisions() == 1 ? "" : "s")
                        + " (records kept)");
        for (String e : s.readErrors()) {
            out.println(Terminal.safe(e));
        }
        return s.readErrors().isEmpty() ? ExitCode.OK : ExitCode.INPUT;
    }
}
