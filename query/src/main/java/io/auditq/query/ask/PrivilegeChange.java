package io.auditq.query.ask;

/**
 * A moment a login session gained, used or gave back another account's rights: sudo's USER_CMD, PAM's
 * CRED_ACQ/CRED_REFR/CRED_DISP, USER_ROLE_CHANGE, or a process of the session running under another uid than
 * the login uid (kind {@code UID}: the first event of that process under that uid).
 *
 * @param kind   the record type, or UID
 * @param uid    the uid of the process that wrote the record (for UID: the uid it ran as)
 * @param target the account the rights were for: acct of CRED_* and USER_ROLE_CHANGE; for USER_CMD the acct of
 *               the same process's next CRED_ACQ, CRED_REFR or USER_START record; for UID the user the process ran as
 * @param cmd    USER_CMD's command, decoded
 * @param res    success or failed, as the record says
 * @param loginProcess for UID: the process that set this session's login uid (a root login process before
 *                     it drops to the user): the session's start, not a change of rights within it
 * @param detail what else to know about this row, or null
 * @param source file:line of the record (for UID: of the process's first event under that uid)
 */
public record PrivilegeChange(long time, String node, Long auid, String loginUser, Long ses, String kind, Long pid,
                              Long uid, String user, String exe, String target, String cmd, String terminal,
                              String res, boolean loginProcess, String detail,
                              String source) {
    /** True for the kinds that give rights (not CRED_DISP, which gives them back), and only when they worked. */
    public boolean gainsRights() {
        return !"CRED_DISP".equals(kind) && !"failed".equals(res) && !loginProcess;
    }
}
