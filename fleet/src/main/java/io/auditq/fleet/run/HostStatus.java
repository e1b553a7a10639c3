package io.auditq.fleet.run;

import io.auditq.fleet.host.HostReport;
import io.auditq.query.ask.TimeWindow;

import java.util.function.LongFunction;

/**
 * Whether a host could answer the question, and whether its log covers the window: a host that cannot (no logs,
 * unreadable, no audit records, a log that ends before the window or starts after it) makes the fleet's answer
 * incomplete, which every fleet command says on stderr and in its exit status.
 *
 * @param status  ok, partly-read, unreadable, no-records, ends-before-window or starts-after-window
 * @param covers  yes, partly (the log starts after --since or ends before --until) or no (also without records)
 * @param note    the stderr sentence for an incomplete host, or null
 */
public record HostStatus(String status, String covers, String note) {
    public boolean incomplete() {
        return note != null;
    }

    public static HostStatus of(HostReport r, TimeWindow w, LongFunction<String> time) {
        boolean problems = !r.problems().isEmpty();
        if (r.records() == 0 || r.firstEvent() == null) {
            String why = problems ? String.join("; ", r.problems()) : r.files().isEmpty() ? "holds no audit logs"
                    : "its logs hold no audit records";
            return new HostStatus(problems ? "unreadable" : "no-records", "no", r.host() + ": " + why);
        }
        long first = r.firstEvent(), last = r.lastEvent();
        String covers = (w.since() == null || first <= w.since()) && (w.until() == null || last >= w.until())
                ? "yes" : "partly";
        if (w.since() != null && last < w.since()) {
            return new HostStatus("ends-before-window", "no", r.host() + ": its log ends at " + time.apply(last)
                    + ", before the window starts (" + time.apply(w.since()) + ")");
        }
        if (w.until() != null && first > w.until()) {
            return new HostStatus("starts-after-window", "no", r.host() + ": its log starts at "
                    + time.apply(first) + ", after the window ends (" + time.apply(w.until()) + ")");
        }
        if (problems) {
            return new HostStatus("partly-read", covers, r.host() + ": " + String.join("; ", r.problems()));
        }
        return new HostStatus("ok", covers, null);
    }
}
