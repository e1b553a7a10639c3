package io.auditq.parser.normal;

import java.util.List;

/**
 * One event, decoded into the fields a responder asks about. Null means "the log does not say".
 * This is the documented shape of {@code auditq events --format jsonl} (docs/events.md).
 *
 * @param records  record types in the order read
 * @param syscall  the syscall's name for the record's own arch (a 32-bit socketcall resolved to its sub-call)
 * @param auid     the login uid; null when unset (4294967295)
 * @param keys     the audit rule keys (several keys are joined by 0x01 in the log)
 * @param origin   file:line of the event's first record
 * @param problems what is doubtful or missing in this event, in words
 */
public record NormalizedEvent(
        String node,
        long timeMillis,
        long serial,
        List<String> records,
        String arch,
        String syscall,
        Integer syscallNumber,
        Boolean success,
        Long exit,
        String errno,
        Long pid,
        Long ppid,
        Long uid,
        String user,
        Long euid,
        Long gid,
        Long auid,
        String loginUser,
        Long ses,
        String tty,
        String comm,
        String exe,
        List<String> keys,
        long[] args,
        SocketAddress sockaddr,
        List<String> argv,
        Long argc,
        String cwd,
        List<PathItem> paths,
        String proctitle,
        Boolean proctitleTruncated,
        UserMessage userMessage,
        String origin,
        List<String> problems) {

    /** The user-space side of an event (PAM, sudo, login): op, acct, terminal, address, result. */
    public record UserMessage(String op, String acct, String hostname, String addr, String terminal, String res,
                              String cmd) {
    }

    public boolean hasRecord(String type) {
        return records.contains(type);
    }
}
