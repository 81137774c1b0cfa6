/**
 * The Base model's context: time-step embedding keys and the {@code condition_embedding} section (embedders, how a
 * condition is combined or injected), parsed into {@link dev.flemme4j.modelzoo.config.context.ModelContextSpec}.
 */
package dev.flemme4j.modelzoo.config.context;
