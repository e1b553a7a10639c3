package io.auditq.query.ask;

import io.auditq.parser.normal.AccountNames;
import io.auditq.query.schema.CaseNames;
import org.jooq.DSLContext;

/** User names of rows: as loaded, else from the question's --passwd or the case; and matching a --user NAME|UID filter. */
final class Names {
    private Names() {
    }

    /**
     * The names a question gives ids its rows do not name: the question's account files ({@code given}, may be
     * null), then the names the case's ENRICHED fields give (account_names), then the built-in root.
     */
    static AccountNames forCase(DSLContext dsl, AccountNames given) {
        return (given != null ? given : AccountNames.fromLogOnly()).withLearned(CaseNames.read(dsl));
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
