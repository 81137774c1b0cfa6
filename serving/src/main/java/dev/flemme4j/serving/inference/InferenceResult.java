package dev.flemme4j.serving.inference;

import dev.flemme4j.serving.task.InferenceReply;

/** A successful answer and the model version that produced it. */
public record InferenceResult(InferenceReply reply, String model, int version) {
}
