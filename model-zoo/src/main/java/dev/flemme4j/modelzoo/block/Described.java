package dev.flemme4j.modelzoo.block;

/** A block that can describe itself in one line for the structure summary. */
public interface Described {
    String description();
}
