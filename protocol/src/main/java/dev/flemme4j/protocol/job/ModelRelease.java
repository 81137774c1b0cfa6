package dev.flemme4j.protocol.job;

/** A trained model published for serving (value of the compacted models topic, key = model name). */
public record ModelRelease(String name, int version, String jobId, String directory, String sha256, long createdAt) {
}
