package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;

/** User names of rows: as loaded, else from the question's --passwd; and matching a --user NAME|UID filter. */
final class Names {
    private Names() {
    }

    /** The stored name, else the name {@code names} gives the id, else null (unknown). */
    static String or(String stored, Long id, String node, AccountNames names) {
        if (stored != null || id == null || names == null) {
            return stored;
        }
        return names.user(node, id);
    }

    /** True when no filter is given, or it is this id (digits) or this name. */
    static boolean matches(String wanted, Long id, String name) {
        if (wanted == null) {
            return true;
        }
        if (!wanted.isEmpty() && wanted.chars().allMatch(Character::isDigit)) {
            return id != null && id.toString().equals(wanted);
        }
        return wanted.equals(name);
    }
}
