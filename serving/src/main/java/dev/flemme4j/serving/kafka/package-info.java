/**
 * Inference over Kafka: requests on {@code flemme.infer.requests}, answers on {@code flemme.infer.responses},
 * the same bodies as HTTP, key = request id, model/version/content type in headers, scaled by consumer group.
 */
package dev.flemme4j.serving.kafka;
