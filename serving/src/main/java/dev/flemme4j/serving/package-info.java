/**
 * Serving role entry points: {@link dev.flemme4j.serving.ServingServer} starts it from {@link dev.flemme4j.serving.ServingOptions}. The parts live in sub-packages: {@code api} (errors and meters every transport shares), {@code http}, {@code kafka} (transports), {@code task} (what each endpoint computes), {@code batching} (where inference work runs), {@code model} (which versions are served), {@code ort} (ONNX Runtime sessions).
 */
package dev.flemme4j.serving;
