package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.Task;

/** A task endpoint that reads its model input from the request (PNG/JPEG or tensor record) through {@link RequestInputs}. */
abstract class ModelTaskRunner implements TaskRunner {
    private final Task task;
    private final String endpoint;
    protected final RequestInputs inputs;

    ModelTaskRunner(Task task, String endpoint, RequestInputs inputs) {
        this.task = task;
        this.endpoint = endpoint;
        this.inputs = inputs;
    }

    @Override
    public final Task task() {
        return task;
    }

    @Override
    public final String endpoint() {
        return endpoint;
    }
}
