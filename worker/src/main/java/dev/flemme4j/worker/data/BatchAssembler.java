package dev.flemme4j.worker.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups a stream of samples into batches of a fixed size; the last partial batch is kept unless dropLast. With
 * a batch limit (replicas: every replica must take the same number of steps per epoch, and their shares may
 * differ by a sample), the last allowed batch takes whatever arrives after it is full, so no sample of the epoch
 * is lost to the limit (with dropLast, the excess is dropped as a partial batch would be).
 */
public final class BatchAssembler {
    private final int batchSize;
    private final boolean dropLast;
    private final Consumer<List<Sample>> sink;
    private List<Sample> current;
    private int maxBatches = Integer.MAX_VALUE;
    private int emitted;

    public BatchAssembler(int batchSize, boolean dropLast, Consumer<List<Sample>> sink) {
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.sink = sink;
        this.current = new ArrayList<>(batchSize);
    }

    /** At most {@code n} batches from here on; the last one absorbs the rest (see the class comment). */
    public BatchAssembler limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batch limit must be >= 1, got " + n);
        }
        maxBatches = n;
        return this;
    }

    public void add(Sample s) {
        if (emitted == maxBatches - 1 && current.size() >= batchSize) {
            if (!dropLast) {
                current.add(s);
            }
            return;
        }
        current.add(s);
        if (current.size() == batchSize && emitted < maxBatches - 1) {
            emitted++;
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
        if (!current.isEmpty() && (!dropLast || current.size() >= batchSize) && emitted < maxBatches) {
            sink.accept(current);
        }
        current = new ArrayList<>(batchSize);
        emitted = 0;
    }
}
