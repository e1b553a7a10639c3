package io.auditq.query.ask;

import java.util.List;

/**
 * One login session as the log shows it: the (node, auid, ses) its events carry, when it was first and last
 * seen, where it came from (USER_LOGIN/USER_START), and how much it did. A null ses is the activity outside any
 * login session (daemons, processes started before auditing).
 *
 * @param loginTime    the LOGIN record that opened the session, when the log has it
 * @param terminal     from USER_LOGIN, else USER_START; null when the records do not say ("?" is unknown)
 * @param ttys         the tty field of the session's syscall events, distinct, joined by ','; null when none
 * @param users        the accounts its processes ran as, in the order first seen (uid when no name)
 * @param connections  outbound (non-loopback) connection attempts of any protocol
 * @param destinations distinct (address, port, protocol) among them
 * @param source       file:line of the LOGIN record, else of the session's first event
 */
public record LoginSession(String node, Long auid, String loginUser, Long ses, long firstSeen, long lastSeen,
                           Long loginTime, Long loginPid, String terminal, String addr, String hostname, String ttys,
                           List<String> users, long events, long executions, long connections, long destinations,
                           long privilegeChanges, String source) {
}
