package dev.flemme4j.worker.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Groups a stream of samples into batches of a fixed size; the last partial batch is kept unless dropLast. */
public final class BatchAssembler {
    private final int batchSize;
    private final boolean dropLast;
    private final Consumer<List<Sample>> sink;
    private List<Sample> current;

    public BatchAssembler(int batchSize, boolean dropLast, Consumer<List<Sample>> sink) {
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.sink = sink;
        this.current = new ArrayList<>(batchSize);
    }

    public void add(Sample s) {
        current.add(s);
        if (current.size() == batchSize) {
            List<Sample> full = current;
            current = new ArrayList<>(batchSize);
            sink.accept(full);
        }
    }

    /** Samples waiting in the batch being filled. */
    public int pending() {
        return current.size();
    }

    public void finish() {
        if (!current.isEmpty() && !dropLast) {
            sink.accept(current);
        }
        current = new ArrayList<>(batchSize);
    }
}
