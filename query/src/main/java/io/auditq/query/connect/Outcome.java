package io.auditq.query.connect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a connection attempt ended, in one word: {@code ok}, {@code in-progress} (EINPROGRESS: a non-blocking
 * connect whose end the log does not show), the errno name, or {@code unknown} when the event has no exit.
 */
public final class Outcome {
    public static final String OK = "ok";
    public static final String IN_PROGRESS = "in-progress";
    public static final String UNKNOWN = "unknown";

    private Outcome() {
    }

    /** The outcome of one syscall from its exit value and errno name (as the normalizer gives them). */
    public static String of(Long exit, String errno) {
        if (exit == null) {
            return UNKNOWN;
        }
        if (exit >= 0) {
            return OK; // connect returns 0, sendto/sendmsg the bytes sent
        }
        if ("EINPROGRESS".equals(errno)) {
            return IN_PROGRESS;
        }
        return errno != null ? errno : "errno " + (-exit);
    }

    /**
     * One value for the attempts of one row: the outcome when all ended alike, else {@code value:count} pairs
     * joined by {@code ;}, most frequent first (ties by name), e.g. {@code ECONNREFUSED:3;ok:1}.
     */
    public static String mix(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return UNKNOWN;
        }
        if (counts.size() == 1) {
            return counts.keySet().iterator().next();
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : entries) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.toString();
    }
}
