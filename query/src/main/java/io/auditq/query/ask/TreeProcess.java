package io.auditq.query.ask;

import java.util.List;

/**
 * One process of a process tree: an ancestor (depth below 0: -1 the parent, -2 its parent, …), the process asked
 * about (depth 0) or a descendant (1 a child, 2 a grandchild, …), as the log shows it.
 *
 * @param argv           of the latest successful execve of this pid before the tree's time; null when not in the log
 * @param earlierArgv    the argv of the pid's earlier execve calls, oldest first (setpriv before the shell it ran)
 * @param inLog          false for a pid the log names only as a parent
 * @param outsideSession an ancestor outside the process's login session: it started the session (sshd, login)
 * @param connections    the outbound connections this pid made (loopback included), as the connections question
 *                       gives them
 */
public record TreeProcess(int depth, long pid, Long ppid, String exe, List<String> argv, List<List<String>> earlierArgv,
                          String comm, Long uid, String user, Long auid, String loginUser, Long ses, Long firstSeen,
                          String node, boolean inLog, boolean outsideSession, List<OutboundConnection> connections) {
}
