package io.auditq.parser.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private auditd recording a real log for a test, under the machine-wide kernel-audit lock, leaving the
 * kernel's audit state (enabled flag, rules) as it found it.
 *
 * <p>Only one process may change audit rules at a time: the lock is flock(1) on {@link #LOCK_FILE}, the same
 * lock the project's scripts take, held by a child {@code flock … cat} until {@link #close()}.
 */
public final class KernelAudit implements AutoCloseable {
    public static final String LOCK_FILE = "/run/lock/auditq-kernel.lock";

    /** auditd's log_format. */
    public enum Format { RAW, ENRICHED }

    private final Path dir;
    private final KernelLock lock;
    private final boolean ownsLock;
    private final int enabledBefore;
    private Process auditd;
    private boolean closed;

    private KernelAudit(Path dir, KernelLock lock, boolean ownsLock, int enabledBefore) {
        this.dir = dir;
        this.lock = lock;
        this.ownsLock = ownsLock;
        this.enabledBefore = enabledBefore;
    }

    /** Why kernel audit tests cannot run here, or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root to control kernel audit (running as " + System.getProperty("user.name") + ")");
        }
        for (String tool : List.of("auditctl", "auditd", "ausearch", "flock")) {
            if (which(tool) == null) {
                return Optional.of(tool + " not installed (Debian: apt-get install auditd util-linux)");
            }
        }
        try {
            Result r = exec(Duration.ofSeconds(10), "auditctl", "-s");
            if (r.code != 0) {
                return Optional.of("kernel audit unavailable: auditctl -s failed: " + r.out.strip());
            }
        } catch (IOException e) {
            return Optional.of("kernel audit unavailable: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Takes the lock, checks that no other audit daemon or foreign rules are active, starts auditd writing
     * {@code dir/audit.log} and loads the rules (each an auditctl argument list such as
     * {@code "-a always,exit -F arch=b64 -S connect -k net"}).
     */
    public static KernelAudit start(Path dir, Format format, List<String> rules) throws IOException {
        return start(dir, format, rules, null);
    }

    /**
     * As {@link #start(Path, Format, List)}, under a lock the caller already holds (so it can check the
     * kernel's state before and after under the same lock); the caller releases it.
     */
    public static KernelAudit start(Path dir, Format format, List<String> rules, KernelLock held) throws IOException {
        Files.createDirectories(dir);
        boolean owns = held == null;
        KernelLock lock = owns ? KernelLock.acquire(Duration.ofMinutes(10)) : held;
        KernelAudit ka = null;
        try {
            String status = exec(Duration.ofSeconds(10), "auditctl", "-s").out;
            if (!field(status, "pid").equals("0")) {
                throw new IllegalStateException("an audit daemon is already registered (pid " + field(status, "pid")
                        + "); refusing to disturb it");
            }
            String list = exec(Duration.ofSeconds(10), "auditctl", "-l").out.strip();
            if (!list.isEmpty() && !list.equals("No rules")) {
                throw new IllegalStateException("audit rules are loaded by someone else: " + list.lines().findFirst().orElse(""));
            }
            int enabled = Integer.parseInt(field(status, "enabled"));
            ka = new KernelAudit(dir, lock, owns, enabled);
            Path conf = dir.resolve("auditd.conf");
            Files.writeString(conf, String.join("\n",
                    "log_file = " + dir.resolve("audit.log"),
                    "log_format = " + format.name(),
                    "flush = INCREMENTAL_ASYNC",
                    "freq = 50",
                    "num_logs = 5",
                    "max_log_file = 50",
                    "max_log_file_action = ROTATE",
                    "space_left = 2", // auditd insists admin_space_left < space_left
                    "space_left_action = IGNORE",
                    "admin_space_left = 1",
                    "admin_space_left_action = IGNORE",
                    "disk_full_action = IGNORE",
                    "disk_error_action = IGNORE",
                    "name_format = HOSTNAME",
                    "write_logs = yes", ""));
            Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            ka.auditd = new ProcessBuilder("auditd", "-c", dir.toString(), "-n")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("auditd.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (field(exec(Duration.ofSeconds(10), "auditctl", "-s").out, "pid").equals("0")) {
                if (!ka.auditd.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("auditd did not start: " + Files.readString(dir.resolve("auditd.out")));
                }
                sleep(100);
            }
            for (String rule : rules) {
                List<String> cmd = new ArrayList<>();
                cmd.add("auditctl");
                cmd.addAll(List.of(rule.trim().split("\\s+")));
                Result r = exec(Duration.ofSeconds(10), cmd.toArray(String[]::new));
                if (r.code != 0) {
                    throw new IOException("auditctl " + rule + " failed: " + r.out.strip());
                }
            }
            return ka;
        } catch (RuntimeException | IOException e) {
            if (ka != null) {
                ka.close();
            } else if (owns) {
                lock.close();
            }
            throw e;
        }
    }

    /** The log auditd writes (rotations beside it). */
    public Path log() {
        return dir.resolve("audit.log");
    }

    public Path dir() {
        return dir;
    }

    /** Stops recording: removes the rules, stops auditd (which flushes its log) and restores the kernel. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            exec(Duration.ofSeconds(10), "auditctl", "-D");
            drainKernelQueue();
            if (auditd != null) {
                auditd.destroy(); // SIGTERM: auditd writes DAEMON_END and flushes
                if (!auditd.waitFor(15, TimeUnit.SECONDS)) {
                    auditd.destroyForcibly();
                    auditd.waitFor(5, TimeUnit.SECONDS);
                }
            }
            exec(Duration.ofSeconds(10), "auditctl", "-e", Integer.toString(enabledBefore));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsLock) {
                lock.close();
            }
        }
    }

    /**
     * Waits (at most 10 s) until the kernel has handed every queued record to auditd ({@code backlog 0}): records
     * of an event leave the kernel's queue one by one, and an auditd stopped before the queue drained writes an
     * event's SYSCALL without its EXECVE or PATH (seen on a loaded machine). Then gives auditd a moment to write.
     */
    private static void drainKernelQueue() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!field(exec(Duration.ofSeconds(10), "auditctl", "-s").out, "backlog").equals("0")
                && System.nanoTime() < deadline) {
            sleep(20);
        }
        sleep(200);
    }

    // ---- the lock ----

    /** The machine-wide kernel-audit lock, held by a child {@code flock} process until closed. */
    public static final class KernelLock implements AutoCloseable {
        private final Process holder;

        private KernelLock(Process holder) {
            this.holder = holder;
        }

        public static KernelLock acquire(Duration timeout) throws IOException {
            Process p = new ProcessBuilder("flock", "-w", Long.toString(timeout.toSeconds()), LOCK_FILE,
                    "sh", "-c", "echo locked; exec cat >/dev/null")
                    .redirectErrorStream(true).start();
            InputStream in = p.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            if (n != 7 || !new String(buf, StandardCharsets.US_ASCII).equals("locked\n")) {
                p.destroyForcibly();
                throw new IOException("could not take the kernel-audit lock " + LOCK_FILE + " within " + timeout);
            }
            return new KernelLock(p);
        }

        @Override
        public void close() {
            try (OutputStream o = holder.getOutputStream()) {
                o.flush();
            } catch (IOException ignored) {
                // the holder is gone already: so is the lock
            }
            try {
                if (!holder.waitFor(5, TimeUnit.SECONDS)) {
                    holder.destroyForcibly();
                }
            } catch (InterruptedException e) {
                holder.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- processes ----

    /** Exit code and merged output of a command. */
    public record Result(int code, String out) {
    }

    public static Result exec(Duration timeout, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(name)) {
                return f[1];
            }
        }
        return "";
    }

    static String which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
