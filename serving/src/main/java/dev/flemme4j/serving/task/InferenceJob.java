package dev.flemme4j.serving.task;

import java.util.concurrent.CompletionStage;

/**
 * The work one request asks for, as planned by a {@link TaskRunner}: decoding and encoding on
 * {@link ModelCalls#cpu()}, model runs through {@link ModelCalls#run}, never on the caller's thread.
 */
@FunctionalInterface
public interface InferenceJob {
    CompletionStage<InferenceReply> start(ModelCalls calls);
}
