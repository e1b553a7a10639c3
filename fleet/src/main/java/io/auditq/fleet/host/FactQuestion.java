package io.auditq.fleet.host;

import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.ask.TimeWindow;
import io.auditq.query.connect.Protocol;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a fleet question asks of each host, resolved on the driver: the window (epoch ms, inclusive, null for an
 * open end; "now" already fixed for the whole fleet), the protocols listed (null for any) and whether loopback is.
 */
public record FactQuestion(Long since, Long until, Set<Protocol> protocols, boolean includeLoopback)
        implements Serializable {
    public FactQuestion {
        protocols = protocols == null ? null : protocols.isEmpty() ? EnumSet.noneOf(Protocol.class)
                : EnumSet.copyOf(protocols);
    }

    /** Every attempt of all time, all protocols, loopback too: what a lake stores. */
    public static final FactQuestion EVERYTHING = new FactQuestion(null, null, null, true);

    public TimeWindow window() {
        return new TimeWindow(since, until);
    }

    ConnectionQuestion.Filter filter() {
        return new ConnectionQuestion.Filter(window(), protocols, includeLoopback);
    }

    long sinceOr(long dflt) {
        return since == null ? dflt : since;
    }

    long untilOr(long dflt) {
        return until == null ? dflt : until;
    }
}
