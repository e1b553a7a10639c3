package io.auditq.cli;

import io.auditq.query.ask.ConnectionQuestion;
import io.auditq.query.connect.Protocol;
import picocli.CommandLine.Option;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which outbound connections a connections question lists: --protocol and --include-loopback. */
public final class ConnectionFilterOptions {
    @Option(names = "--protocol", paramLabel = "P", split = ",",
            description = "protocols to list: tcp, udp, icmp, sctp, raw, other, unknown, or any (default: tcp,unknown)")
    List<String> protocols;

    @Option(names = "--include-loopback", description = "also list connections to 127.0.0.0/8, ::1, 0.0.0.0 and ::")
    public boolean includeLoopback;

    /** The protocols asked for; null for any. */
    public Set<Protocol> protocols() {
        if (protocols == null || protocols.isEmpty()) {
            return ConnectionQuestion.DEFAULT_PROTOCOLS;
        }
        Set<Protocol> set = EnumSet.noneOf(Protocol.class);
        for (String p : protocols) {
            String s = p.strip().toLowerCase(Locale.ROOT);
            if (s.equals("any") || s.equals("all")) {
                return null;
            }
            try {
                set.add(Protocol.fromLabel(s));
            } catch (IllegalArgumentException e) {
                throw new UserError("--protocol: '" + p + "' is not one of tcp, udp, icmp, sctp, raw, other, unknown, any");
            }
        }
        return set;
    }
}
