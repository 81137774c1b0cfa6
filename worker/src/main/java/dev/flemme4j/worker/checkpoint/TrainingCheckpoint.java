package dev.flemme4j.worker.checkpoint;

import java.util.Map;

/**
 * What a checkpoint records besides weights and optimizer state: where training stood and which data it had
 * consumed ({@code offsets}: next offset per data-topic partition, e.g. {@code flemme.data.ab12.train-0}), so a
 * replacement worker can resume; and, as Flemme's checkpoints do, the best score so far ({@code bestScore}, null
 * without a score metric or before a validation gave one). {@code epoch} counts the epochs completed;
 * {@code stepInEpoch} is 0 at an epoch end, otherwise the steps already done in the unfinished epoch
 * {@code epoch + 1}, whose remaining data starts at {@code offsets}.
 */
public record TrainingCheckpoint(String jobId, int epoch, long step, double loss, Map<String, Double> metrics,
        Map<String, Long> offsets, Double bestScore, long stepInEpoch) {
    /** Whether this checkpoint was taken inside an epoch rather than after one. */
    public boolean midEpoch() {
        return stepInEpoch > 0;
    }
}
