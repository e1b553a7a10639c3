package io.auditq.cli.command;

import io.auditq.cli.Main;
import io.auditq.cli.doc.ManPage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Completion script and man page come from the picocli model. docs/man/auditq.1 is the generated page, committed:
 * regenerate it with {@code ./mvnw -pl cli -am test -Dtest=CompletionAndManTest -Dgolden.update=true
 * -Dsurefire.failIfNoSpecifiedTests=false} after changing a command, and read the diff.
 */
class CompletionAndManTest {
    @Test
    void completionScriptKnowsEveryCommandAndOption() {
        String bash = CliRun.of("completion").ok();
        assertThat(bash).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_auditq")
                .contains("bashcompinit"); // the same script serves zsh
        for (String sub : Main.commandLine().getSubcommands().keySet()) {
            assertThat(bash).as(sub).contains("_picocli_auditq_" + sub.replace("-", ""));
        }
        assertThat(bash).contains("sql").contains("shell").contains("--no-history").contains("--include-loopback");
        assertThat(CliRun.of("completion", "zsh").ok()).isEqualTo(bash);
        CliRun fish = CliRun.of("completion", "fish");
        assertThat(fish.code()).isEqualTo(2);
    }

    @Test
    void bashLoadsTheScript() throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no /bin/bash");
        Path script = Files.createTempFile("auditq-completion", ".bash");
        try {
            Files.writeString(script, CliRun.of("completion").ok());
            Process p = new ProcessBuilder(bash.toString(), "-c", "source " + script + " && complete -p auditq")
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("-F _complete_auditq auditq");
            assertThat(p.exitValue()).isZero();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void manPageIsTheCommittedOne() throws IOException {
        String page = ManPage.of(Main.commandLine());
        assertThat(page).startsWith(".\\\" Generated").contains(".TH AUDITQ 1").contains(".SS \"auditq sql\"")
                .contains(".SS \"auditq shell\"").contains("\\fB\\-\\-db\\fR \\fICASE\\fR")
                .contains(".SH EXIT STATUS");
        assertThat(CliRun.of("man").ok()).isEqualTo(page);
        Path committed = Path.of(System.getProperty("auditq.root", ".."), "docs", "man", "auditq.1");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, page);
        }
        assertThat(committed).as("docs/man/auditq.1 missing; run with -Dgolden.update=true").exists();
        assertThat(Files.readString(committed)).as("docs/man/auditq.1 is stale; regenerate with -Dgolden.update=true")
                .isEqualTo(page);
    }

    @Test
    void groffFormatsThePageWithoutWarnings() throws IOException, InterruptedException {
        Path groff = Path.of("/usr/bin/groff");
        assumeTrue(Files.isExecutable(groff), "groff is not installed");
        Process p = new ProcessBuilder(groff.toString(), "-man", "-Tutf8", "-ww", "-z").start();
        p.getOutputStream().write(ManPage.of(Main.commandLine()).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(err).isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
