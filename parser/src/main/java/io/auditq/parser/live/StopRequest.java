package io.auditq.parser.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stop request a capture loop polls between receives, raised by Ctrl-C or SIGTERM (through a shutdown hook)
 * or by the program itself. The hook holds the JVM's exit until {@link #close} says the loop has flushed its
 * output and removed its rules, for at most a grace period.
 */
public final class StopRequest implements BooleanSupplier, AutoCloseable {
    private volatile boolean requested;
    private volatile boolean bySignal;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopRequest(Duration grace) {
        hook = new Thread(() -> {
            bySignal = !requested;
            requested = true;
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "auditq-stop");
    }

    /** A stop request that Ctrl-C, SIGTERM and SIGHUP raise; close it when the loop has cleaned up. */
    public static StopRequest onSignals(Duration grace) {
        StopRequest s = new StopRequest(grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Asks the loop to stop (e.g. when --duration is over). */
    public void request() {
        requested = true;
    }

    @Override
    public boolean getAsBoolean() {
        return requested;
    }

    /** True when a signal (Ctrl-C, SIGTERM) asked for the stop. */
    public boolean bySignal() {
        return bySignal;
    }

    /** Lets the JVM exit: the loop has stopped and cleaned up. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that finished is counted down
        }
    }
}
