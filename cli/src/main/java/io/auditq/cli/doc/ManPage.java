package io.auditq.cli.doc;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditq(1) manual page in troff (man macros), rendered from the picocli model, so that the page, --help and
 * completion never disagree. Deterministic (no date, no version): docs/man/auditq.1 is this text, committed.
 */
public final class ManPage {
    private final StringBuilder sb = new StringBuilder();

    private ManPage() {
    }

    /** The page for the command line rooted at {@code root}. */
    public static String of(CommandLine root) {
        ManPage p = new ManPage();
        p.render(root.getCommandSpec());
        return p.sb.toString();
    }

    private void render(CommandSpec root) {
        String name = root.name();
        sb.append(".\\\" Generated from the picocli model by ").append(name).append(" man; do not edit.\n");
        sb.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"").append(name)
                .append("\" \"User Commands\"\n");
        sb.append(".SH NAME\n").append(name).append(" \\- ").append(text(String.join(" ", root.usageMessage().description())))
                .append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(name).append("\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
        sb.append(".SH DESCRIPTION\n");
        paragraphs(root.usageMessage().description());
        sb.append("Every command takes \\fB\\-\\-help\\fR.\n");
        sb.append(".SH OPTIONS\n");
        options(root);
        sb.append(".SH COMMANDS\n");
        for (CommandSpec sub : subcommands(root)) {
            command(sub);
        }
        Map<String, String> exits = root.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            sb.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : exits.entrySet()) {
                sb.append(".TP\n.B ").append(text(e.getKey().strip())).append('\n')
                        .append(line(e.getValue().strip())).append('\n');
            }
        }
        sb.append(".SH FILES\n.TP\n.I ~/.auditq_history\nstatements typed in \\fBauditq shell\\fR "
                + "(not with \\fB\\-\\-no\\-history\\fR)\n.TP\n.I CASE.mv.db\na case database (H2), made by "
                + "\\fBauditq ingest\\fR\n");
        sb.append(".SH SEE ALSO\n.BR auditctl (8),\n.BR ausearch (8),\n.BR aureport (8),\n.BR auditd (8)\n");
    }

    private void command(CommandSpec spec) {
        sb.append(".SS \"").append(spec.qualifiedName()).append("\"\n");
        String synopsis = spec.usageMessage().customSynopsis().length > 0
                ? String.join(" ", spec.usageMessage().customSynopsis())
                : new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                        .synopsis(0).strip();
        sb.append(".nf\n").append(line(synopsis.replaceAll("\\s+", " "))).append("\n.fi\n");
        paragraphs(spec.usageMessage().description());
        options(spec);
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            paragraphs(footer);
        }
        for (CommandSpec sub : subcommands(spec)) {
            command(sub);
        }
    }

    private void options(CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                item("\\fI" + text(p.paramLabel()) + "\\fR", p);
            }
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + text(n) + "\\fR");
            }
            String label = o.typeInfo().isBoolean() || o.arity().max() == 0 ? "" : " \\fI" + text(o.paramLabel()) + "\\fR";
            item(String.join(", ", names) + label, o);
        }
    }

    private void item(String head, ArgSpec arg) {
        sb.append(".TP\n").append(head).append('\n').append(line(String.join(" ", arg.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue())))).append('\n');
    }

    private static List<CommandSpec> subcommands(CommandSpec spec) {
        Map<CommandSpec, Boolean> seen = new IdentityHashMap<>();
        List<CommandSpec> list = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (seen.put(s, Boolean.TRUE) == null && !s.usageMessage().hidden()) {
                list.add(s);
            }
        }
        return list;
    }

    /** picocli description lines: %n starts a new line, a blank line a new paragraph. */
    private void paragraphs(String[] lines) {
        String all = String.join("\n", lines).replace("%n", "\n").replace("%%", "%");
        boolean open = false;
        for (String l : all.split("\n", -1)) {
            if (l.isBlank()) {
                open = false;
                continue;
            }
            if (!open) {
                sb.append(".PP\n");
                open = true;
            } else {
                sb.append(".br\n");
            }
            sb.append(line(l.startsWith("  ") ? l.strip() : l)).append('\n');
        }
    }

    /** A line of running text: escaped, and never starting with a control character. */
    private static String line(String s) {
        String t = text(s.replace("%n", " ").replace("%%", "%"));
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }

    /** Escaped for troff: backslash, minus (a hyphen would not be an option's dash), and non-ASCII as \\[uXXXX]. */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> sb.append("\\e");
                case '-' -> sb.append("\\-");
                default -> {
                    if (c < 128) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\[u%04X]", c));
                    }
                }
            }
        });
        return sb.toString();
    }
}
