package dev.flemme4j.serving.inference;

import java.util.Map;

/**
 * One inference request as any transport delivers it.
 *
 * @param model       model name
 * @param endpoint    {@code segment}/{@code classify}/{@code reconstruct}; null = the one answering the model's task (Kafka)
 * @param version     the version the caller insists on, or null for whatever is served
 * @param contentType media type of {@code body}
 * @param accept      the caller's Accept value, may be null
 * @param query       endpoint parameters ({@code size}, {@code output}, {@code overlap}, {@code blend})
 */
public record InferenceCall(String model, String endpoint, Integer version, String contentType, String accept, Map<String, String> query,
        byte[] body) {

    public InferenceCall {
        query = query == null ? Map.of() : Map.copyOf(query);
    }
}
