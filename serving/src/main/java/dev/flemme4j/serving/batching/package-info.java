/**
 * Where inference work runs off the event loops: the bounded decode/encode pool, and the dynamic batcher of each
 * model version (its policy and the batch function it calls), which a sampling loop can use as well.
 */
package dev.flemme4j.serving.batching;
