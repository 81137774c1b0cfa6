/** Coordinator plumbing for Kafka: client settings, the control topics, the consumer loop, compacted-topic replay and the record publisher. */
package dev.flemme4j.coordinator.kafka;
