package io.auditq.parser.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Network activity from a child process started now, so that the kernel audits it.
 *
 * <p>A task gets an audit context only if it is created after kernel audit was first enabled since boot
 * ({@code audit_ever_enabled} in kernel/auditsc.c, {@code audit_alloc}), unless the kernel was booted with
 * {@code audit=1}. On a machine where audit was never on before the test, the test JVM and every thread it
 * already has are never audited, whatever the rules: a kernel test must make the activity it expects from a
 * task created after the capture enabled audit, and check the records carry that task's pid. Bash's
 * {@code /dev/tcp} makes a plain socket() and a blocking connect() in the shell's own process (no fork).
 */
public final class AuditedChild {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private AuditedChild() {
    }

    /**
     * Connects to {@code host:port} over TCP {@code times} times from one new bash process, each connection
     * closed at once (a refused one is fine: the attempt is what is audited), and returns that process's pid.
     */
    public static long connect(String host, int port, int times) throws IOException {
        String script = "for ((i = 0; i < $3; i++)); do exec 3<>/dev/tcp/$1/$2; exec 3<&-; done 2>/dev/null; exit 0";
        Process p = new ProcessBuilder("bash", "-c", script, "auditq-test", host, Integer.toString(port),
                Integer.toString(times)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("bash connecting to " + host + ":" + port + " did not finish in " + WAIT);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p.pid();
    }

    /** One connection from a new process; returns its pid. */
    public static long connect(String host, int port) throws IOException {
        return connect(host, port, 1);
    }

    /**
     * A new bash process that connects to {@code host:port} every {@code intervalMillis} until it is destroyed
     * (its pid is {@link Process#pid()}); the caller destroys it.
     */
    public static Process connectEvery(String host, int port, long intervalMillis) throws IOException {
        String script = "while :; do exec 3<>/dev/tcp/$1/$2; exec 3<&-; sleep $3; done 2>/dev/null";
        Process p = new ProcessBuilder("bash", "-c", script, "auditq-test", host, Integer.toString(port),
                String.format(java.util.Locale.ROOT, "%.3f", intervalMillis / 1000.0))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return p;
    }

    /**
     * Waits (bounded) until {@code auditctl -l} lists a rule with {@code key} and kernel audit is enabled: a process
     * started after that is audited. (Rules are loaded before the enabled flag is set: the rule alone is not enough.)
     */
    public static void awaitCapture(String key) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!KernelAudit.exec(Duration.ofSeconds(10), "auditctl", "-l").out().contains("key=" + key)
                || KernelAudit.exec(Duration.ofSeconds(10), "auditctl", "-s").out().lines()
                .noneMatch(l -> l.equals("enabled 1") || l.equals("enabled 2"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no audit rule with key " + key + " was loaded and enabled within " + WAIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
