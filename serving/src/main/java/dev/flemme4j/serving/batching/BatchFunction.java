package dev.flemme4j.serving.batching;

import dev.flemme4j.protocol.tensor.NamedTensor;

/**
 * One model call on a whole batch: (B, *S) in, an output whose first axis is B out. Blocking; runs on the
 * batcher's own threads. For a served model this is its ORT session; a sampling loop can wrap its eps-model the same way.
 */
@FunctionalInterface
public interface BatchFunction {
    NamedTensor apply(NamedTensor batch) throws Exception;
}
