package dev.flemme4j.worker.data;

/** One decoded training example: image {@code [C,H,W]} and label {@code [C',H,W]} as flat float arrays. */
public record Sample(String key, float[] image, long[] imageShape, float[] label, long[] labelShape) {
}
