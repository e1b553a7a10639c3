package io.auditq.query.schema;

import java.io.ObjectInputFilter;

/**
 * What SQL may reach beyond the database, for the whole process: nothing. Applied before auditq opens its first
 * database (from CaseDatabase's static initializer), so that a check of a case that misses something still runs
 * no code of the case's (docs/hardening.md, "Untrusted case files"):
 * <ul>
 * <li>{@code h2.allowedClasses} names no class: H2 loads no Java class for SQL (aliases and aggregates on a class,
 * triggers, table engines, JDBC drivers of linked tables, object serializers). H2 reads the property once, when its
 * SysProperties class initializes, so it must be set before any H2 code runs.</li>
 * <li>H2 compiles no Java source: auditq ships its own {@code org.h2.util.SourceCompiler}, which refuses every
 * source, in place of H2's; checked here.</li>
 * <li>No Java object is deserialized: a value of type JAVA_OBJECT planted in a case would otherwise be read with a
 * plain ObjectInputStream when a query returns it.</li>
 * </ul>
 * If any of these cannot be had (another part of the process loaded H2 first, or the build put H2's compiler
 * back), opening a case fails: auditq does not read cases without them.
 */
final class H2Lockdown {
    /** The value of h2.allowedClasses: a name no class has, so no class is allowed. */
    static final String NO_CLASS = "none";

    private static final String ALLOWED_CLASSES = "h2.allowedClasses";
    private static IllegalStateException failure;

    static {
        try {
            apply();
        } catch (IllegalStateException e) {
            failure = e;
        }
    }

    private H2Lockdown() {
    }

    /** Applies the restrictions, once (the class's initialization does): call before any H2 class is used. */
    static void load() {
        // the static initializer above did the work
    }

    /** Throws when the process runs without the restrictions (so no case is opened). */
    static void require() {
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    private static void apply() {
        System.setProperty(ALLOWED_CLASSES, NO_CLASS);
        if (!NO_CLASS.equals(org.h2.engine.SysProperties.ALLOWED_CLASSES)) {
            throw new IllegalStateException("H2 was loaded before auditq could restrict it (h2.allowedClasses is '"
                    + org.h2.engine.SysProperties.ALLOWED_CLASSES + "', not '" + NO_CLASS + "')");
        }
        try {
            org.h2.util.SourceCompiler.class.getField("REFUSES_ALL_SOURCE");
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("H2's Java source compiler is on the class path instead of auditq's "
                    + "stand-in (org.h2.util.SourceCompiler in auditq-query): the build is broken", e);
        }
        ObjectInputFilter rejectAll = info -> ObjectInputFilter.Status.REJECTED;
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(rejectAll);
        }
    }
}
