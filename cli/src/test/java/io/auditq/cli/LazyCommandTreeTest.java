package io.auditq.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** A run builds only the command it names (startup time); it must answer exactly as the whole tree would. */
class LazyCommandTreeTest {
    @Test
    void aNamedCommandIsBuiltAloneAndDescribedAsInTheWholeTree() {
        CommandLine whole = Main.commandLine();
        assertThat(whole.getSubcommands()).hasSizeGreaterThan(15);
        for (String name : whole.getSubcommands().keySet()) {
            CommandLine lazy = Main.commandLine(name, "--help");
            if (name.equals("help") || name.equals("completion") || name.equals("man")) {
                assertThat(lazy.getSubcommands().keySet()).as(name).isEqualTo(whole.getSubcommands().keySet());
            } else {
                assertThat(lazy.getSubcommands().keySet()).as(name).containsExactly(name);
            }
            assertThat(lazy.getSubcommands().get(name).getUsageMessage()).as(name)
                    .isEqualTo(whole.getSubcommands().get(name).getUsageMessage());
        }
    }

    @Test
    void anUnknownNameOrATopLevelOptionGetsTheWholeTree() {
        int all = Main.commandLine().getSubcommands().size();
        assertThat(Main.commandLine("connectoins").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("--help").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine().getUsageMessage()).contains("connections").contains("ingest");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine("connectoins");
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("connectoins")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("auditq: Unmatched argument at index 0: 'connectoins'");
    }
}
