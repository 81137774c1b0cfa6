package dev.flemme4j.modelzoo;

/** What a model's output means, so a generic trainer can pick metrics and post-processing. */
public enum ModelTask {
    /** Per-pixel class logits {@code (B, classes, *S)} (SeM, HSeM). */
    SEGMENT,
    /** Per-sample class logits {@code (B, classes)} (ClM). */
    CLASSIFY,
    /** An image {@code (B, out, *S)} (AE, HAE, VAE). */
    RECONSTRUCT,
    /** A diffusion eps-model's prediction {@code (B, C, *S)} (ε, v or x0); samples come from a sampling loop. */
    GENERATE
}
