package io.auditq.cli.command;

import io.auditq.cli.ExitCode;
import io.auditq.cli.UserError;
import io.auditq.parser.live.AuditRule;
import io.auditq.parser.live.RulePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** auditq rules: the audit rules a host needs so its logs can answer auditq's questions later. */
@Command(name = "rules", mixinStandardHelpOptions = true, versionProvider = io.auditq.cli.Main.Version.class,
        description = {"Print the audit rules auditq recommends installing permanently, in auditctl syntax: "
                + "socket and connect (outbound connections), execve and execveat (programs run), for 64- and "
                + "32-bit programs, without a success filter so failed and non-blocking connects are kept.",
                "Install: auditq rules > /etc/audit/rules.d/auditq.rules && augenrules --load"})
public final class RulesCommand implements Callable<Integer> {
    @Option(names = "--arch", paramLabel = "MACHINE",
            description = "the machine the rules are for, as uname -m prints it (x86_64, aarch64, s390x, ppc64le); "
                    + "default: this one")
    String machine;

    @Override
    public Integer call() {
        String name = machine != null ? machine : System.getProperty("os.arch");
        RulePlan.MachineArches arches = machine != null ? RulePlan.MachineArches.of(machine)
                : RulePlan.MachineArches.current();
        if (arches == null) {
            throw new UserError("no audit arches known for machine '" + name
                    + "' (known: x86_64, aarch64, s390x, ppc64le, ppc64)", ExitCode.USAGE);
        }
        RulePlan plan = RulePlan.recommended(arches);
        PrintStream out = System.out;
        out.println("## auditq: audit rules for outbound connections (key auditq-net) and program executions "
                + "(key auditq-exec)");
        out.println("## machine " + arches.b64().name()
                + (arches.b32() != null ? ", with " + arches.b32().name() + " programs (b32)" : ""));
        out.println("## no success filter: failed and non-blocking connects (EINPROGRESS) are recorded too");
        for (String note : plan.notes()) {
            out.println("## " + note);
        }
        for (AuditRule r : plan.rules()) {
            out.println(r.auditctl());
        }
        return ExitCode.OK;
    }
}
