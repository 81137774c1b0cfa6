package dev.flemme4j.serving.batching;

import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool where decoding, ORT runs and encoding happen, off the event loops. A full queue rejects
 * at once (503) instead of letting latency grow without bound. Results come back on the caller's context.
 * This is the seam where dynamic batching will sit.
 */
public final class InferenceExecutor implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    public InferenceExecutor(int threads, int queueCapacity) {
        AtomicInteger ids = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "flemme-infer-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code task} on the pool; the future completes on {@code context}. Fails with a 503 {@link ApiException} when full. */
    public <T> Future<T> submit(Context context, Callable<T> task) {
        Promise<T> promise = Promise.promise();
        try {
            pool.execute(() -> {
                try {
                    T result = task.call();
                    context.runOnContext(v -> promise.complete(result));
                } catch (Throwable t) {
                    context.runOnContext(v -> promise.fail(t));
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new ApiException(503, ErrorReason.OVERLOADED, "body",
                    "server is at capacity (" + pool.getMaximumPoolSize() + " running, " + pool.getQueue().size() + " queued); retry later"));
        }
        return promise.future();
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
