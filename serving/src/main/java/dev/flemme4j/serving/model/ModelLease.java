package dev.flemme4j.serving.model;

import dev.flemme4j.serving.ort.OnnxModel;

/** A request's hold on a model: the session stays open until {@link #close()}, even if a newer version replaces it. */
public final class ModelLease implements AutoCloseable {
    private final OnnxModel model;
    private boolean closed;

    public ModelLease(OnnxModel model) {
        this.model = model;
    }

    public OnnxModel model() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.release();
        }
    }
}
