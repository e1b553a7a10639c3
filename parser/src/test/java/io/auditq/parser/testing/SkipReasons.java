package io.auditq.parser.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints, on stderr, every test that was skipped or aborted by an assumption, with its reason: Surefire only
 * counts them, and a suite that is green because its kernel tests skipped must say so in the build log
 * ("kernel audit test skipped: auditctl not installed"). Registered for every module through
 * META-INF/services in this test jar.
 */
public final class SkipReasons implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        say(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            say(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static void say(TestIdentifier test, String reason) {
        String where = switch (test.getSource().orElse(null)) {
            case MethodSource m -> m.getClassName() + "#" + m.getMethodName();
            case ClassSource c -> c.getClassName();
            case null, default -> test.getDisplayName();
        };
        System.err.println("SKIPPED " + where + ": " + reason);
    }
}
