package io.auditq.cli;

import io.auditq.parser.live.RulePlan;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** The options every live command shares: how long, and which temporary audit rules to load. */
public final class LiveOptions {
    @Option(names = "--duration", paramLabel = "D", converter = Units.DurationConverter.class,
            description = "stop after this long (90s, 15m, 2h, 1d); default: until Ctrl-C or SIGTERM")
    public Duration duration;

    @Option(names = "--rules", paramLabel = "SYSCALLS", arity = "0..1", split = ",",
            fallbackValue = "connect,socket,execve,execveat",
            description = "load audit rules for these syscalls (default connect,socket,execve,execveat) for the "
                    + "capture, for 64- and 32-bit programs, key " + RulePlan.LIVE_KEY + "; removed again on exit. "
                    + "Switches kernel audit on if it was off, and off again at the end. Needs CAP_AUDIT_CONTROL")
    public List<String> rules;

    /** The rules to load for this machine, or null without --rules. */
    public RulePlan plan() {
        if (rules == null) {
            return null;
        }
        RulePlan.MachineArches machine = RulePlan.MachineArches.current();
        if (machine == null) {
            throw new UserError("--rules does not know the audit arches of this machine ("
                    + System.getProperty("os.arch") + "); load rules with auditctl instead", ExitCode.PERMISSION);
        }
        try {
            return RulePlan.of(machine, rules, RulePlan.LIVE_KEY);
        } catch (IllegalArgumentException e) {
            throw new UserError("--rules: " + e.getMessage());
        }
    }
}
