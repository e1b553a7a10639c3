package io.auditq.query.ask;

/**
 * One watched-file hit: a syscall that touched a file under an audit rule with a key ({@code auditctl -w … -k K}).
 *
 * @param path    as the PATH record names it, made absolute with the event's cwd when it was relative
 * @param access  read, write, exec, attr or unknown (from the syscall and its open flags: file-access.tsv)
 * @param flags   the open flags the access was decided from; null for other syscalls
 * @param outcome ok, or the errno name
 */
public record FileHit(long time, String path, String access, String syscall, Boolean success, String outcome,
                      Long pid, Long ppid, String exe, String comm, Long uid, String user, Long auid,
                      String loginUser, Long ses, String node, String key, Long flags, String nametype, Long inode,
                      String source) {
}
