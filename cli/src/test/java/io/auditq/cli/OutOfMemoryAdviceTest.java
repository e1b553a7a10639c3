package io.auditq.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice given when an answer does not fit in the heap names only what the command can do. */
class OutOfMemoryAdviceTest {
    @Test
    void sqlAndShellAreToldToNarrowTheQueryNotToUseOptionsTheyLack() {
        for (String command : new String[] {"sql", "shell"}) {
            assertThat(Main.outOfMemoryMessage(command)).startsWith("auditq: out of memory (Java heap ")
                    .contains("narrow the query (WHERE, fewer groups, LIMIT)").doesNotContain("--since")
                    .contains("AUDITQ_JAVA_OPTS=-Xmx<size>");
        }
        assertThat(Main.outOfMemoryMessage("connections")).contains("narrow it (--since/--until)");
    }
}
