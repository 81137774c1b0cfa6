package dev.flemme4j.worker.data;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Where the loop's batches come from: one pass over the training data per epoch. */
public interface BatchSource {
    /** Hands every batch of one epoch to {@code sink}, in training order; returns early once {@code stop} is true. */
    void readEpoch(int epoch, Consumer<List<Sample>> sink, BooleanSupplier stop);

    /** The next offset per data-topic partition after what has been handed out so far (for checkpoints). */
    Map<String, Long> consumedOffsets();
}
