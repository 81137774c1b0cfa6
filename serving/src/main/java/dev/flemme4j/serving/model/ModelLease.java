package dev.flemme4j.serving.model;

import dev.flemme4j.serving.batching.ModelBatcher;
import dev.flemme4j.serving.ort.OnnxModel;

/**
 * A request's hold on one model version: its session and batcher stay usable until {@link #close()}, even if a
 * newer version replaces it meanwhile.
 */
public final class ModelLease implements AutoCloseable {
    private final OnnxModel model;
    private final ModelBatcher batcher;
    private boolean closed;

    ModelLease(OnnxModel model, ModelBatcher batcher) {
        this.model = model;
        this.batcher = batcher;
    }

    public OnnxModel model() {
        return model;
    }

    /** The version's dynamic batcher; every run of the primary input should go through it. */
    public ModelBatcher batcher() {
        return batcher;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.release();
        }
    }
}
