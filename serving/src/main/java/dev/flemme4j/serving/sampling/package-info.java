/**
 * Sampling from exported diffusion models: the eps-model's ONNX Runtime sessions as an
 * {@link dev.flemme4j.protocol.diffusion.EpsFunction} for the shared samplers, and the
 * {@code POST /v1/models/{name}/sample} endpoint (PNG grid, tensor record, or a server-sent event stream of
 * progress and x̂0 previews), both over the {@link dev.flemme4j.serving.sampling.SampleService} that the Kafka
 * endpoint also calls.
 */
package dev.flemme4j.serving.sampling;
