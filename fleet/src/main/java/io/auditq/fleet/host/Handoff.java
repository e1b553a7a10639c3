package io.auditq.fleet.host;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Items a push-style producer makes (a scan that calls back for each attempt), taken one at a time by a pull-style
 * consumer (Spark's {@code PartitionReader.next()/get()}): the producer runs on its own thread and hands batches
 * over through a small bounded queue, so memory stays bounded whatever the host's size. Its failure is rethrown to
 * the consumer; {@link #close} stops it.
 */
final class Handoff<T> implements Iterator<T>, AutoCloseable {
    private static final int BATCH = 256;
    private static final Object[] END = new Object[0];

    /** The producer gave up because the consumer closed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile boolean stopped;
    private Object[] batch = new Object[BATCH];
    private int size;
    private Object[] current;
    private int at;
    private boolean ended;

    Handoff(String name, Consumer<Consumer<T>> producer) {
        thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            Object[] last = END;
            try {
                producer.accept(this::add);
                hand();
            } catch (Stopped s) {
                return;
            } catch (Throwable t) {
                last = new Object[] {new Failure(t)};
            }
            try {
                put(last);
            } catch (Stopped s) {
                // the consumer has closed
            }
        });
    }

    private void add(T item) {
        batch[size++] = item;
        if (size == BATCH) {
            hand();
        }
    }

    private void hand() {
        if (size > 0) {
            put(size == BATCH ? batch : java.util.Arrays.copyOf(batch, size));
            batch = new Object[BATCH];
            size = 0;
        }
    }

    private void put(Object[] items) {
        try {
            while (!queue.offer(items, 100, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
        if (stopped) {
            throw new Stopped();
        }
    }

    @Override
    public boolean hasNext() {
        while (!ended && (current == null || at == current.length)) {
            Object[] next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a host", e);
            }
            if (next == END) {
                ended = true;
            } else if (next.length == 1 && next[0] instanceof Failure f) {
                ended = true;
                switch (f.error()) {
                    case RuntimeException r -> throw r;
                    case Error e -> throw e;
                    default -> throw new IllegalStateException(f.error());
                }
            } else {
                current = next;
                at = 0;
            }
        }
        return !ended;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return (T) current[at++];
    }

    /** Waits for the producer to end (after the last item it has returned). */
    void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        queue.clear();
        thread.interrupt();
        join();
    }
}
