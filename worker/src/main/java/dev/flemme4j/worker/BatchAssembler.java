package dev.flemme4j.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Groups a stream of samples into batches of a fixed size; the last partial batch is kept unless dropLast. */
final class BatchAssembler {
    private final int batchSize;
    private final boolean dropLast;
    private final Consumer<List<Sample>> sink;
    private List<Sample> current;

    BatchAssembler(int batchSize, boolean dropLast, Consumer<List<Sample>> sink) {
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.sink = sink;
        this.current = new ArrayList<>(batchSize);
    }

    void add(Sample s) {
        current.add(s);
        if (current.size() == batchSize) {
            List<Sample> full = current;
            current = new ArrayList<>(batchSize);
            sink.accept(full);
        }
    }

    /** Samples waiting in the batch being filled. */
    int pending() {
        return current.size();
    }

    void finish() {
        if (!current.isEmpty() && !dropLast) {
            sink.accept(current);
        }
        current = new ArrayList<>(batchSize);
    }
}
