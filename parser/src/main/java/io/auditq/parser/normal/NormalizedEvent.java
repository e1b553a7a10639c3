package io.auditq.parser.normal;

import java.util.List;
import java.util.Map;

/**
 * One event, decoded into the fields a responder asks about. Null means "the log does not say".
 * This is the documented shape of {@code auditq events --format jsonl} (docs/events.md).
 *
 * @param records  record types in the order read
 * @param syscall  the syscall's name for the record's own arch (a 32-bit socketcall resolved to its sub-call)
 * @param auid     the login uid; null when unset (4294967295)
 * @param ids      every uid and gid of the event with its name, by field ({@code uid}, {@code euid}, {@code suid},
 *                 {@code fsuid}, {@code gid}, {@code egid}, {@code sgid}, {@code fsgid}, {@code auid}), in that order;
 *                 only those the event has
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
        Map<String, IdName> ids,
        String origin,
        List<String> problems) {

    /** The user-space side of an event (PAM, sudo, login): op, acct, terminal, address, result. */
    public record UserMessage(String op, String acct, String hostname, String addr, String terminal, String res,
                              String cmd) {
    }

    public boolean hasRecord(String type) {
        return records.contains(type);
    }

    /** The id of this field ({@code suid}) with its name, or null when the event has none. */
    public IdName id(String field) {
        return ids == null ? null : ids.get(field);
    }
}
