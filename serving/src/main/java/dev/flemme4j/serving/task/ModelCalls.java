package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.tensor.NamedTensor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** What a job may use: the bounded CPU pool and the leased version's batched primary output. */
public interface ModelCalls {

    /** The pool for decoding and encoding; a full pool fails the stage with a RejectedExecutionException. */
    Executor cpu();

    /** One batched model call on {@code input} (graph-input-named, n samples); completes off the caller's thread. */
    CompletableFuture<NamedTensor> run(NamedTensor input);

    /** {@code work} on the CPU pool. */
    default <T> CompletableFuture<T> onCpu(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, cpu());
    }

    /** Tells the phase timers that this request spent {@code nanos} in {@code phase} (an {@code InferenceMetrics} phase name). */
    default void phase(String phase, long nanos) {
    }

    /** {@code work} timed as {@code phase}. */
    default <T> T timed(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            phase(phase, System.nanoTime() - t0);
        }
    }
}
