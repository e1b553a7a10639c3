package org.h2.util;

import org.h2.api.ErrorCode;
import org.h2.message.DbException;

import javax.script.CompiledScript;
import java.lang.reflect.Method;

/**
 * auditq's stand-in for H2's class of this name, which compiles the Java source of {@code CREATE ALIAS … AS '…'}
 * and {@code CREATE TRIGGER … AS '…'} (with the JDK's compiler, or a {@code javac} found on PATH) and runs it. H2
 * 2.5 has no setting that turns this off ({@code h2.allowedClasses} does not apply to compiled source), and a case
 * file can hold such a trigger, whose code H2 runs while it opens the file. This class takes the place of H2's in
 * auditq's jar (the build leaves H2's out; see cli/pom.xml) and refuses every source, so no SQL in any database
 * auditq opens can compile Java. {@code io.auditq.query.schema.H2Lockdown} checks that it is the one loaded.
 * See docs/hardening.md, "Untrusted case files".
 */
public class SourceCompiler {
    /** Marks this stand-in; H2Lockdown looks for it by reflection. */
    public static final boolean REFUSES_ALL_SOURCE = true;

    /** Remembers nothing: no source is ever compiled. */
    public void setSource(String className, String source) {
        // nothing to remember
    }

    /** Never: H2 asks for the method of a compiled alias or trigger here. */
    public Method getMethod(String className) throws ClassNotFoundException {
        throw refused(className);
    }

    /** Never: H2 asks for a compiled script (JavaScript, Ruby triggers) here. */
    public CompiledScript getCompiledScript(String className) {
        throw refused(className);
    }

    /** No source is a script: every source goes to {@link #getMethod}, which refuses it. */
    public static boolean isJavaxScriptSource(String source) {
        return false;
    }

    private static DbException refused(String className) {
        return DbException.get(ErrorCode.ACCESS_DENIED_TO_CLASS_1, className);
    }
}
