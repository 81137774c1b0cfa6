package dev.flemme4j.coordinator.kafka;

import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings of the coordinator, in one place.
 *
 * <p>Why plain kafka-clients and not vertx-kafka-client: the project runs kafka-clients 4.x (the embedded
 * broker needs it) while vertx-kafka-client 5.0.7 is compiled against 3.7.1, and some of its calls hang on 4.x
 * (see STACK.md). The coordinator therefore drives the plain clients on its own threads and hands results to the
 * Vert.x context; it never calls {@code KafkaConsumer.committed(..)} nor admin {@code listConsumerGroupOffsets}.
 */
public final class KafkaSettings {
    /** Largest data record: a 2D sample is small, but a 4×512×512 float32 image is 4 MiB. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final String bootstrapServers;

    public KafkaSettings(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Durable, ordered, idempotent: a job state or a data record acknowledged is a job state or record kept. */
    public Properties producer(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        // One request in flight per partition: with several, a first batch bounced by a partition that just got
        // its leader (NOT_LEADER_OR_FOLLOWER) lets the next batch become the producer's first on that partition,
        // and the retried batch then fails with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout
        // (seen with Kafka 4.1 on freshly created data topics under load). Ordering is also what job states need.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return p;
    }

    /** Group consumer with manual commits (the caller commits after the work is durable). */
    public Properties groupConsumer(String groupId, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // Jobs are small (<= 1 MiB) but a fetch of garbage must not choke the consumer either.
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return p;
    }

    /** Consumer without a group, for reading compacted topics from the beginning. */
    public Properties snapshotConsumer(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        return p;
    }

    public Properties admin(String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
