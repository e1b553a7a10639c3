package io.auditq.cli.command;

import io.auditq.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the auditq command line in-process, capturing what it prints. */
public record CliRun(int code, String out, String err, byte[] outBytes) {
    public static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                out.toByteArray());
    }

    /** Runs the command line with {@code stdin} as its standard input. */
    public static CliRun withInput(String stdin, String... args) {
        java.io.InputStream old = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return of(args);
        } finally {
            System.setIn(old);
        }
    }

    /** Standard output, after checking the command succeeded. */
    public String ok() {
        if (code != 0) {
            throw new AssertionError("exit code " + code + "; stderr: " + err);
        }
        return out;
    }
}
