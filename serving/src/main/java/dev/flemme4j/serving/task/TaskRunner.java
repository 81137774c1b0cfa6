package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.Task;

/**
 * The work behind one task's endpoint ({@code POST /v1/models/{name}/{endpoint}}), independent of HTTP.
 * {@link #plan} runs on the caller's thread (an event loop or a Kafka poller) and only checks what is cheap to
 * check (query parameters); the {@link InferenceJob} it returns decodes and encodes on the CPU pool and runs the
 * model through the version's batcher.
 */
public interface TaskRunner {

    /** The manifest task this endpoint answers for. */
    Task task();

    /** Last path segment of the route, also the {@code endpoint} metric tag. */
    String endpoint();

    /**
     * @throws ApiException for a request that is wrong before any work is done
     */
    InferenceJob plan(InferenceRequest request);
}
