/**
 * The one Kafka layer of flemme4j: {@link dev.flemme4j.kafka.KafkaClients} builds every producer, consumer and
 * admin client with the documented settings plus the user's pass-through settings
 * ({@link dev.flemme4j.kafka.KafkaUserSettings}: {@code --kafka-config FILE}, {@code FLEMME_KAFKA_*});
 * {@link dev.flemme4j.kafka.CompactedTopic} replays a compacted topic; {@link dev.flemme4j.kafka.PollLoop} runs a
 * consumer on its own thread and reports when it died; {@link dev.flemme4j.kafka.BrokerCheck} makes a role say why it
 * cannot use the broker (no answer, refused credentials) instead of starting consumers that retry silently.
 *
 * <p>Never call {@code KafkaConsumer.committed(..)} or admin {@code listConsumerGroupOffsets(.., options)}
 * here (see STACK.md: they hang or fail with kafka-clients 4.x next to vertx-kafka-client).
 */
package dev.flemme4j.kafka;
