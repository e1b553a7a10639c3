package io.auditq.cli.out;

import io.auditq.query.export.CsvStyle;
import io.auditq.query.ask.CaseSummary;
import io.auditq.query.ask.CaseSummary.Count;
import io.auditq.query.ask.CaseSummary.Suspicion;
import io.auditq.query.export.CsvCells;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary in each format: readable sections at a terminal, one JSON object, or CSV rows
 * {@code section,key,count,detail}.
 */
public final class SummaryReport {
    /** The count sections, in the order printed: CSV section name, table heading, the counts. */
    private record Section(String name, String heading, List<Count> counts) {
    }

    private final CaseSummary s;
    private final Times times;

    public SummaryReport(CaseSummary s, Times times) {
        this.s = s;
        this.times = times;
    }

    private List<Section> sections() {
        return List.of(new Section("node", "Nodes", s.nodes()),
                new Section("record_type", "Records by type (an event has one or more)", s.recordTypes()),
                new Section("syscall", "Syscall events", s.syscalls()),
                new Section("key", "Rule keys", s.keys()),
                new Section("user", "Events by user (uid)", s.users()),
                new Section("login_user", "Events by login user (auid)", s.loginUsers()),
                new Section("failed", "Failed syscalls by errno", s.failures()),
                new Section("failed_login", "Failed logins and authentications (account from address)",
                        failedLogins()));
    }

    /**
     * Failed logins as count lines: an "(all)" line with the totals, then one line per group, its times in
     * --tz like every other time.
     */
    private List<Count> failedLogins() {
        CaseSummary.FailedLogins f = s.failedLogins();
        if (f.attempts() == 0) {
            return List.of();
        }
        List<Count> out = new ArrayList<>();
        out.add(new Count("(all)", f.attempts(), f.accounts() + " account" + (f.accounts() == 1 ? "" : "s")
                + (f.addresses() == 0 ? "" : " from " + f.addresses() + " address" + (f.addresses() == 1 ? "" : "es"))
                + (f.groups() > f.largest().size()
                ? "; the " + f.largest().size() + " largest of " + f.groups() + " groups below" : "")));
        for (CaseSummary.FailedLogin g : f.largest()) {
            out.add(new Count((g.account() == null ? "(no account)" : g.account())
                    + (g.address() == null || g.address().equals("?") ? "" : " from " + g.address()), g.count(),
                    g.type() + " by " + (g.exe() == null ? "?" : g.exe()) + ", " + times.format(g.first())
                            + (g.count() > 1 ? " to " + times.format(g.last()) : "") + " [" + g.source() + "]"));
        }
        return out;
    }

    private String span() {
        return s.first() == null ? "" : times.format(s.first()) + "/" + times.format(s.last());
    }

    /** Readable sections for a person at a terminal. */
    public void table(Writer out) {
        StringBuilder sb = new StringBuilder();
        if (s.first() == null) {
            sb.append("No events in the case (or in the time window).\n");
        } else {
            sb.append("Evidence: ").append(s.events()).append(" events from ").append(times.format(s.first()))
                    .append(" to ").append(times.format(s.last())).append('\n');
        }
        for (Section sec : sections()) {
            sb.append('\n').append(sec.heading()).append(':');
            if (sec.counts().isEmpty()) {
                sb.append(" none\n");
                continue;
            }
            sb.append('\n');
            int w = 0, cw = 0;
            for (Count c : sec.counts()) {
                w = Math.max(w, Terminal.safe(c.key()).length());
                cw = Math.max(cw, Long.toString(c.count()).length());
            }
            for (Count c : sec.counts()) {
                String k = Terminal.safe(c.key());
                String n = Long.toString(c.count());
                sb.append("  ").append(k).repeat(' ', w - k.length() + 1).repeat(' ', cw - n.length()).append(n);
                if (c.detail() != null) {
                    sb.append("  ").append(Terminal.safe(c.detail()));
                }
                sb.append('\n');
            }
        }
        sb.append("\nSuspicious: ").append(s.suspicious().isEmpty() ? "nothing found" : s.suspicious().size()
                + " item" + (s.suspicious().size() == 1 ? "" : "s")).append('\n');
        for (Suspicion x : s.suspicious()) {
            sb.append("  ").append(x.kind().label()).append("  ").append(times.format(x.time()))
                    .append("  ").append(Terminal.safe(process(x))).append('\n')
                    .append("      ").append(Terminal.safe(x.detail())).append(" [").append(Terminal.safe(x.source()))
                    .append(']').append('\n');
        }
        write(out, sb.toString());
    }

    /** The process of a suspicious item in one phrase: pid, exe, comm, user and login. */
    static String process(Suspicion x) {
        if (x.kind() == io.auditq.query.ask.CaseSummary.Kind.NAME_CONFLICT) {
            return "names of one id" + (x.node() == null ? "" : " on " + x.node()); // the detail says which
        }
        return "pid " + (x.pid() == null ? "?" : x.pid()) + " " + (x.exe() == null ? "?" : x.exe())
                + (x.comm() == null ? "" : " (comm " + x.comm() + ")")
                + ", user " + UserListing.who(x.user(), x.uid()) + ", login " + UserListing.who(x.loginUser(), x.auid())
                + ", ses " + (x.ses() == null ? "unset" : x.ses())
                + (x.count() > 1 ? ", " + x.count() + " events" : "");
    }

    /** A section whose lines carry details: a list of {key, count, detail} objects under these names. */
    private static List<Map<String, Object>> list(Section sec, String key, String detail) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Count c : sec.counts()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put(key, c.key());
            f.put("count", c.count());
            f.put(detail, c.detail());
            l.add(f);
        }
        return l;
    }

    /** One JSON object. */
    public void json(Writer out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first", s.first() == null ? null : times.format(s.first()));
        m.put("last", s.last() == null ? null : times.format(s.last()));
        m.put("events", s.events());
        for (Section sec : sections()) {
            if (sec.name().equals("failed")) {
                m.put("failed", list(sec, "errno", "syscalls"));
            } else if (sec.name().equals("failed_login")) {
                m.put("failed_logins", list(sec, "login", "detail"));
            } else {
                Map<String, Object> counts = new LinkedHashMap<>();
                for (Count c : sec.counts()) {
                    counts.put(c.key(), c.count());
                }
                m.put(sec.name() + "s", counts);
            }
        }
        List<Map<String, Object>> sus = new ArrayList<>();
        for (Suspicion x : s.suspicious()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", x.kind().label());
            o.put("time", times.format(x.time()));
            o.put("node", x.node());
            o.put("pid", x.pid());
            o.put("exe", x.exe());
            o.put("comm", x.comm());
            o.put("uid", x.uid());
            o.put("user", x.user());
            o.put("auid", x.auid());
            o.put("login_user", x.loginUser());
            o.put("ses", x.ses());
            o.put("count", x.count());
            o.put("detail", x.detail());
            o.put("source", x.source());
            sus.add(o);
        }
        m.put("suspicious", sus);
        JsonPrinter.<Object>lines(out, List.of(), times).object(m);
        write(out, "");
    }

    /** CSV rows section,key,count,detail; a suspicious item's detail names its process and evidence. */
    public void csv(Writer out, CsvStyle csvStyle) {
        try {
            CSVPrinter csv = new CSVPrinter(out, csvStyle.format("section", "key", "count", "detail"));
            if (s.first() != null) {
                csv.printRecord("span", "events", s.events(), span());
            }
            for (Section sec : sections()) {
                for (Count c : sec.counts()) {
                    csv.printRecord(sec.name(), csvStyle.text(c.key()), c.count(),
                            csvStyle.text(c.detail()));
                }
            }
            for (Suspicion x : s.suspicious()) {
                csv.printRecord("suspicious", x.kind().label(), x.count(), csvStyle.text(times.format(x.time())
                        + " " + process(x) + ": " + x.detail() + " [" + x.source() + "]"));
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
