package dev.flemme4j.modelzoo;

/** Which array the training loss compares the prediction with. */
public enum LossTarget {
    /** The sample's label / target array (supervised models). */
    LABEL,
    /** The input itself (an unsupervised auto-encoder, upstream {@code is_supervised: false}). */
    INPUT
}
