/**
 * Where inference work runs off the event loops: the bounded executor.
 */
package dev.flemme4j.serving.batching;
