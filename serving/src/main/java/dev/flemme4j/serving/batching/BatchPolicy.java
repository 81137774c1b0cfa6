package dev.flemme4j.serving.batching;

import java.time.Duration;

/**
 * How one model version coalesces requests: a batch closes when it holds {@code maxBatch} samples or when
 * {@code maxDelay} has passed since its first request arrived, whichever comes first. With a zero delay a batch
 * takes whatever is already waiting and never waits for more (no added latency at low load); {@code maxBatch}
 * 1 turns batching off. {@code maxQueued} caps waiting plus running requests of the model: one more is refused
 * with 429 and a {@code Retry-After} instead of queueing without bound.
 */
public record BatchPolicy(int maxBatch, Duration maxDelay, int maxQueued) {

    public static final BatchPolicy DEFAULT = new BatchPolicy(16, Duration.ZERO, 64);
    public static final BatchPolicy OFF = new BatchPolicy(1, Duration.ZERO, 64);

    public BatchPolicy {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("Invalid value " + maxBatch + " for max_batch: must be at least 1");
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + maxDelay + " for max_delay: must be zero or positive");
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("Invalid value " + maxQueued + " for max_queued: must be at least 1");
        }
    }

    public BatchPolicy withMaxBatch(int n) {
        return new BatchPolicy(n, maxDelay, maxQueued);
    }

    public BatchPolicy withMaxDelay(Duration d) {
        return new BatchPolicy(maxBatch, d, maxQueued);
    }

    public BatchPolicy withMaxQueued(int n) {
        return new BatchPolicy(maxBatch, maxDelay, n);
    }
}
