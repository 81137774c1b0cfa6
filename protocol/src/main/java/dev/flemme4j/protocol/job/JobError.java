package dev.flemme4j.protocol.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a job was rejected or failed. {@code path} is the YAML path of the faulty key (e.g.
 * {@code model.encoder.image_size}), empty for faults of the whole document or of the runtime.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobError(String path, String message) {
}
