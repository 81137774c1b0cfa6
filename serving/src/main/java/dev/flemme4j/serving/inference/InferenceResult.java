package dev.flemme4j.serving.inference;

import dev.flemme4j.serving.task.InferenceReply;

/** A successful answer, the model version that produced it, and when it was ready ({@link System#nanoTime()}). */
public record InferenceResult(InferenceReply reply, String model, int version, long readyNanos) {
}
