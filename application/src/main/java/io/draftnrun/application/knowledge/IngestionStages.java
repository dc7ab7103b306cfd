package io.draftnrun.application.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The stages of one ingestion task running at once on an executor the composition root owns, handing items over
 * through bounded queues (memory stays bounded: a stage ahead blocks). Closing interrupts the stages still running and
 * waits for them, so nothing a task started outlives it; a stage ends by handing over its last item or an error.
 */
final class IngestionStages implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngestionStages.class.getName());

    private final Executor executor;
    private final List<Thread> threads = new ArrayList<>();
    private final List<CountDownLatch> ended = new ArrayList<>();
    private boolean closed;

    IngestionStages(Executor executor) {
        this.executor = executor;
    }

    /** A bounded hand-off between two stages. */
    static <T> BlockingQueue<T> handOff(int capacity) {
        return new ArrayBlockingQueue<>(capacity);
    }

    /** Starts a stage; it runs until its body returns or it is interrupted by {@link #close()}. */
    synchronized void start(Runnable body) {
        CountDownLatch done = new CountDownLatch(1);
        ended.add(done);
        executor.execute(() -> {
            synchronized (this) {
                if (closed) {
                    done.countDown();
                    return;
                }
                threads.add(Thread.currentThread());
            }
            try {
                body.run();
            } finally {
                synchronized (this) {
                    threads.remove(Thread.currentThread());
                }
                done.countDown();
            }
        });
    }

    /** Hands {@code item} to the next stage, waiting for room; false if this stage was interrupted (closing). */
    static <T> boolean put(BlockingQueue<T> queue, T item) {
        try {
            queue.put(item);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next item from the stage before; the task's thread interrupted means the worker is stopping. */
    static <T> T take(BlockingQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestionInterrupted();
        }
    }

    @Override
    public void close() {
        List<CountDownLatch> waits;
        synchronized (this) {
            closed = true;
            threads.forEach(Thread::interrupt);
            waits = List.copyOf(ended);
        }
        for (CountDownLatch done : waits) {
            try {
                if (!done.await(60, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "an ingestion stage did not stop within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
