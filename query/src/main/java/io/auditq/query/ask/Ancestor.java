package io.auditq.query.ask;

import java.util.List;

/**
 * A parent (grandparent, …) of a process, as its execve in the log shows it.
 *
 * @param time            when it ran its program (the execve), or null when only its pid is known
 * @param outsideSession  this ancestor is not in the process's login session: it started the session (sshd, login)
 */
public record Ancestor(long pid, Long ppid, Long time, String exe, List<String> argv, Long uid, String user,
                       Long auid, String loginUser, Long ses, boolean outsideSession) {
}
