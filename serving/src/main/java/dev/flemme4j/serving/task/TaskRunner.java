package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.Task;
import java.util.concurrent.Callable;

/**
 * The work behind one task's endpoint ({@code POST /v1/models/{name}/{endpoint}}), independent of HTTP.
 * {@link #plan} runs on the event loop and only checks what is cheap to check (query parameters); the
 * {@link Callable} it returns decodes, runs the model and encodes, on the inference pool.
 */
public interface TaskRunner {

    /** The manifest task this endpoint answers for. */
    Task task();

    /** Last path segment of the route, also the {@code endpoint} metric tag. */
    String endpoint();

    /**
     * @throws ApiException for a request that is wrong before any work is done
     */
    Callable<InferenceReply> plan(InferenceRequest request);
}
