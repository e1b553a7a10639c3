package io.auditq.query.ask;

import java.util.List;

/**
 * One execve (or execveat) as the log shows it: the program a process ran, with its whole argv.
 *
 * @param exe     for a failed execve, the program that tried (the process's image did not change)
 * @param argv    reassembled from the EXECVE record's fragments; null when the log has no EXECVE record (failed)
 * @param path    the file execve was given (a script for an interpreter)
 * @param source  where it is in the evidence: file:line
 */
public record Execution(long time, Long pid, Long ppid, String exe, List<String> argv, String cwd, Long uid,
                        String user, Long auid, String loginUser, Long ses, Boolean success, String errno,
                        String comm, String node, String path, String tty, String key, String source) {

    /** ok, or the errno name. */
    public String outcome() {
        return Boolean.TRUE.equals(success) ? "ok" : errno != null ? errno : "failed";
    }
}
