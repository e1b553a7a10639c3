package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.LiveCapture;
import io.auditq.cli.LiveOptions;
import io.auditq.cli.UserError;
import io.auditq.cli.Units;
import io.auditq.cli.out.RawLog;
import io.auditq.parser.live.LiveAuditSource;
import io.auditq.parser.record.AuditRecord;
import io.auditq.parser.record.Malformation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** auditq capture: keeps a copy of what the kernel's audit subsystem emits, as an auditd RAW log. */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Record what the kernel's audit subsystem emits, live, in auditd's RAW log format, so every "
                + "auditq command and ausearch -if can read it afterwards.",
                "Listens on the read-only netlink multicast group beside auditd, never instead of it. "
                        + "Needs root or CAP_AUDIT_READ (and CAP_AUDIT_CONTROL for --rules). Ctrl-C or SIGTERM stops, "
                        + "flushing the output and removing --rules. Records the kernel drops are counted and reported.",
                "Without auditd running, the kernel also copies every record to its own log (dmesg, rate-limited)."})
public final class CaptureCommand implements Callable<Integer> {
    @Mixin
    LiveOptions live;

    @Option(names = "--out", paramLabel = "FILE",
            description = "append to FILE (created readable by its owner only) instead of printing to stdout")
    Path out;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Units.SizeConverter.class,
            description = "rotate FILE before it grows past SIZE (e.g. 50M), like auditd: FILE.1, FILE.2, …")
    Long maxSize;

    @Option(names = "--num-logs", paramLabel = "N", defaultValue = "5",
            description = "with --max-size, keep N files in all, FILE included; older ones are removed (default 5, "
                    + "as auditd)")
    int numLogs;

    @Override
    public Integer call() {
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (maxSize != null && out == null) {
            throw new UserError("--max-size needs --out FILE");
        }
        if (numLogs < 2) {
            throw new UserError("--num-logs must be at least 2");
        }
        RawLog log;
        try {
            // fd 1 directly: System.out (a PrintStream) would swallow a closed pipe and capture on forever
            log = out == null ? RawLog.to(new FileOutputStream(FileDescriptor.out)) : RawLog.to(out, maxSize == null ? 0 : maxSize, numLogs);
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage(), ExitCode.INPUT);
        }
        String into = out == null ? "standard output" : out.toString();
        try {
            LiveCapture.run(live, new LiveAuditSource.Listener() {
                @Override
                public void message(int type, byte[] buf, int off, int len) {
                    log.write(type, buf, off, len);
                }

                @Override
                public void record(AuditRecord record) {
                }

                @Override
                public void malformed(Malformation m) {
                }

                @Override
                public void idle() {
                    log.flush();
                }
            }, into, err);
        } catch (UncheckedIOException e) {
            if (out != null) {
                throw new UserError("writing " + out + " failed: " + e.getCause().getMessage()
                        + "; the rules were removed and what was written so far is kept", ExitCode.INPUT);
            }
            throw e; // stdout: a closed pipe ends the capture quietly
        } finally {
            try {
                log.close();
            } catch (IOException e) {
                if (out != null) { // on stdout, a reader that went away (| head) is no failure
                    err.println("auditq: closing " + into + " failed: " + e.getMessage());
                }
            }
        }
        if (out != null) {
            StringBuilder sb = new StringBuilder("auditq: wrote ").append(log.lines())
                    .append(log.lines() == 1 ? " record to " : " records to ").append(out);
            if (log.endMarkers() > 0) {
                sb.append(" (and left out ").append(log.endMarkers()).append(" end-of-event markers, as auditd does)");
            }
            if (log.rotations() > 0) {
                sb.append("; rotated ").append(log.rotations()).append(log.rotations() == 1 ? " time" : " times");
                if (log.removed() > 0) {
                    sb.append(", removing the ").append(log.removed()).append(" oldest file")
                            .append(log.removed() == 1 ? "" : "s").append(" to keep ").append(numLogs);
                }
            }
            err.println(sb);
        }
        return ExitCode.OK;
    }
}
