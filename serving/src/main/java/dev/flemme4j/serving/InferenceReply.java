package dev.flemme4j.serving;

/** What one inference request answers: the body, its media type and the number of samples it covered (for metrics). */
record InferenceReply(String contentType, byte[] body, int batchSize) {
}
