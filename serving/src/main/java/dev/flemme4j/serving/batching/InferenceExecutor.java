package dev.flemme4j.serving.batching;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where request bodies are decoded and answers encoded, off the event loops (model runs
 * happen on each version's {@link ModelBatcher} threads). A full queue rejects at once
 * ({@link java.util.concurrent.RejectedExecutionException}, answered 503 with {@code Retry-After}) instead of
 * letting latency grow without bound.
 */
public final class InferenceExecutor implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;

    public InferenceExecutor(int threads, int queueCapacity) {
        AtomicInteger ids = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "flemme-infer-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** "N running, M queued", for the 503 message. */
    public String describeLoad() {
        return pool.getActiveCount() + " running, " + pool.getQueue().size() + " queued";
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
