package io.auditq.query.load;

import io.auditq.query.schema.CaseDatabaseException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A writer thread with its own session on the case: the rows of its tables are encoded and inserted there while
 * the loader reads on. H2's row encoding is most of an ingest's work, so with the events table on one lane and
 * the other tables on another, an ingest keeps both cores busy. Jobs run in the order given.
 */
final class WriteLane implements AutoCloseable {
    /** Batches queued at most: the reader waits when H2 falls this far behind, so memory stays bounded. */
    private static final int QUEUED = 4;

    private final Connection connection;
    private final ExecutorService thread;
    private final Semaphore room = new Semaphore(QUEUED);
    private Future<?> last;
    private volatile Throwable failure;

    WriteLane(Connection connection, String name) {
        this.connection = connection;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "auditq-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    Connection connection() {
        return connection;
    }

    /** Queues a job that uses this lane's connection; rethrows what an earlier job failed with. */
    void submit(SqlJob job) {
        check();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaseDatabaseException("interrupted while writing the case", e);
        }
        last = thread.submit(() -> {
            try {
                if (failure == null) {
                    job.run();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                room.release();
            }
        });
    }

    /** Waits until every queued job has run. */
    void sync() {
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaseDatabaseException("interrupted while writing the case", e);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        }
        check();
    }

    /** Waits for the queued jobs, then commits them. */
    void commit() {
        sync();
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new CaseDatabaseException("cannot commit to the case: " + e.getMessage(), e);
        }
    }

    private void check() {
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new CaseDatabaseException("cannot write to the case: " + f.getMessage(), f);
        }
    }

    /** Stops the thread after the queued jobs and closes the session; what was not committed is rolled back. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing after an error: the case keeps what was committed
        }
    }

    /** A job that talks to the database. */
    @FunctionalInterface
    interface SqlJob {
        void run() throws SQLException;
    }
}
