/**
 * Serving role entry points: {@link dev.flemme4j.serving.ServingServer} starts it from
 * {@link dev.flemme4j.serving.ServingOptions} (with {@link dev.flemme4j.serving.TlsOptions} for HTTPS). The parts
 * live in sub-packages: {@code api} (errors and meters every transport shares), {@code http} and {@code kafka}
 * (transports), {@code inference} (the transport-independent call), {@code task} (what each endpoint computes,
 * sliding windows included), {@code batching} (where inference work runs), {@code model} (which versions are
 * served and from where), {@code ort} (ONNX Runtime sessions).
 */
package dev.flemme4j.serving;
