/**
 * The job spec outside {@code model:}: the top-level keys ({@link dev.flemme4j.protocol.spec.JobKeys}), loaders,
 * datasets and transforms, and the optimizer and LR-scheduler registries, parsed into immutable records.
 */
package dev.flemme4j.protocol.spec;
