package dev.flemme4j.serving.model;

import dev.flemme4j.serving.batching.BatchPolicy;
import java.time.Duration;
import java.util.function.Function;

/**
 * How the registry turns a model directory into a served version: ORT intra-op threads per run (0 = ORT's
 * default), batcher worker threads per version, the batch policy by model name, and the ORT run timeout.
 */
public record LoadSettings(int intraOpThreads, int batchThreads, Function<String, BatchPolicy> batching, Duration ortTimeout) {

    public static LoadSettings defaults() {
        return new LoadSettings(0, 2, name -> BatchPolicy.DEFAULT, Duration.ofSeconds(20));
    }

    public LoadSettings {
        if (batchThreads < 1) {
            throw new IllegalArgumentException("batchThreads must be at least 1, got " + batchThreads);
        }
    }
}
