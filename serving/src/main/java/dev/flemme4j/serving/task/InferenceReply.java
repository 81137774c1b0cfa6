package dev.flemme4j.serving.task;

/** What one inference request answers: the body, its media type and the number of samples it covered (for metrics). */
public record InferenceReply(String contentType, byte[] body, int batchSize) {
}
