/**
 * What every flemme4j process exposes for operations: the JVM and process meters
 * ({@link dev.flemme4j.observability.JvmProcessMetrics}) and the one {@code /health} + {@code /metrics} router
 * ({@link dev.flemme4j.observability.HealthRouter}), DOWN as soon as a registered internal loop has died.
 */
package dev.flemme4j.observability;
