/**
 * The transport-independent core of serving: one call (model, endpoint, media types, query, body) leased,
 * validated, planned by its task runner and run through the version's batcher, with request timeout and metrics.
 * HTTP and Kafka both call {@link dev.flemme4j.serving.inference.InferenceService}.
 */
package dev.flemme4j.serving.inference;
