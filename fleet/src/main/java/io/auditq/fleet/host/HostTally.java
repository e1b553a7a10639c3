package io.auditq.fleet.host;

import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.ask.ConnectionSummary;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of one host's connections answer: its summary line's numbers, and the attempts its filter left out
 * (loopback; other protocols), so the fleet can say what it does not show.
 *
 * @param hiddenAttempts     attempts of protocols not asked for, by protocol
 * @param hiddenDestinations their distinct destinations, by protocol
 */
public record HostTally(long rows, long destinations, long attempts, long processes, long users, Long firstSeen,
                        Long lastSeen, long loopbackAttempts, long loopbackDestinations,
                        Map<String, Long> hiddenAttempts, Map<String, Long> hiddenDestinations) implements Serializable {
    public HostTally {
        hiddenAttempts = new TreeMap<>(hiddenAttempts);
        hiddenDestinations = new TreeMap<>(hiddenDestinations);
    }

    static HostTally of(ConnectionQuestion.Answer a) {
        ConnectionSummary s = a.summary();
        Map<String, Long> attempts = new TreeMap<>(), destinations = new TreeMap<>();
        a.hidden().byProtocol().forEach((p, v) -> {
            attempts.put(p, v[0]);
            destinations.put(p, v[1]);
        });
        return new HostTally(a.rows().size(), s.destinations(), s.attempts(), s.processes(), s.users(), s.first(),
                s.last(), a.hidden().loopbackAttempts(), a.hidden().loopbackDestinations(), attempts, destinations);
    }
}
