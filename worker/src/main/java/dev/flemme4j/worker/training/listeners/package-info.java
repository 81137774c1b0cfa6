/**
 * The listeners of the training loop, one concern each: learning-rate schedule, divergence check, metrics,
 * progress events, validation, checkpoints and the final export. A new objective or a replica adds or swaps
 * listeners instead of copying the loop.
 */
package dev.flemme4j.worker.training.listeners;
