/**
 * Tensor records: named, typed, shaped tensors with their binary codec, used for data topics, inference
 * requests and responses.
 */
package dev.flemme4j.protocol.tensor;
