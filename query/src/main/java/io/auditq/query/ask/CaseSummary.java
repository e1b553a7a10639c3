package io.auditq.query.ask;

import java.util.List;

/**
 * The aureport-like overview of a case: its time span and nodes, what the log holds counted several ways, failed
 * syscalls by errno, failed logins and authentications, and what looks suspicious, each item with its evidence.
 *
 * @param failedLogins user-space records with res=failed (sshd, login, su, sudo, PAM)
 */
public record CaseSummary(Long first, Long last, long events, List<Count> nodes, List<Count> recordTypes,
                          List<Count> syscalls, List<Count> keys, List<Count> users, List<Count> loginUsers,
                          List<Count> failures, FailedLogins failedLogins, List<Suspicion> suspicious) {
    /** Failed-login groups listed; a brute force from thousands of addresses is summed in the totals. */
    public static final int FAILED_LOGINS_SHOWN = 20;

    /**
     * Failed logins and authentications: the totals, and the {@link #FAILED_LOGINS_SHOWN} largest groups of one
     * record type, program, account and address (most first, then oldest first).
     *
     * @param addresses distinct addresses ("?", logged when there is none, is not one)
     */
    public record FailedLogins(long attempts, int accounts, int addresses, int groups, List<FailedLogin> largest) {
        public static final FailedLogins NONE = new FailedLogins(0, 0, 0, 0, List.of());
    }

    /** One group of failed logins, with the file:line of its first record. */
    public record FailedLogin(String type, String exe, String account, String address, long count, long first,
                              long last, String source) {
    }

    /** One counted thing; detail adds what it is made of (the syscalls of an errno), or null. */
    public record Count(String key, long count, String detail) {
    }

    /** What is suspicious about a process or a connection. */
    public enum Kind {
        /** comm is not the name of the executable (nor of the file executed): a process renaming itself. */
        COMM_MISMATCH("comm-mismatch"),
        /** The executable, or the file execve ran, lies in /tmp, /var/tmp or /dev/shm. */
        RUN_FROM_TMP("run-from-tmp"),
        /** The executable was deleted while it ran. */
        DELETED_EXE("deleted-exe"),
        /** An outbound connection soon after a privilege change in the same login session. */
        CONNECTION_AFTER_PRIVILEGE("connection-after-privilege"),
        /**
         * The log's ENRICHED fields give one uid or gid of a node two names (an account renamed, an id reused, logs
         * of two hosts without node=): records that do not name it themselves leave it unnamed.
         */
        NAME_CONFLICT("name-conflict");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One suspicious item: the process (or connection) and where the log shows it.
     *
     * @param time   its first event
     * @param count  the events (for a connection: the attempts) it stands for
     * @param detail what exactly is suspicious, in words
     * @param source file:line of the first event
     */
    public record Suspicion(Kind kind, long time, String node, Long pid, String exe, String comm, Long uid,
                            String user, Long auid, String loginUser, Long ses, long count, String detail,
                            String source) {
    }
}
