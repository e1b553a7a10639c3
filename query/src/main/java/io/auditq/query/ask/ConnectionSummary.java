package io.auditq.query.ask;

/**
 * The one line that ends a connections listing: N unique outbound destinations, M attempts, from K processes of
 * U users, between the first and last time seen.
 *
 * @param destinations distinct (address, port, protocol)
 * @param processes    distinct (node, pid)
 * @param users        distinct (node, uid)
 * @param first        the first attempt's time, null when there is none
 */
public record ConnectionSummary(long destinations, long attempts, long processes, long users, Long first, Long last) {

    /** The sentence, with times printed by {@code time}. */
    public String sentence(java.util.function.LongFunction<String> time) {
        StringBuilder sb = new StringBuilder();
        sb.append(destinations).append(" unique outbound destination").append(destinations == 1 ? "" : "s")
                .append(", ").append(attempts).append(" attempt").append(attempts == 1 ? "" : "s")
                .append(", from ").append(processes).append(" process").append(processes == 1 ? "" : "es")
                .append(" of ").append(users).append(" user").append(users == 1 ? "" : "s");
        if (first != null) {
            sb.append(", between ").append(time.apply(first)).append(" and ").append(time.apply(last));
        }
        return sb.toString();
    }
}
