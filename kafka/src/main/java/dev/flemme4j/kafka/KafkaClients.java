package dev.flemme4j.kafka;

import dev.flemme4j.kafka.KafkaUserSettings.ClientKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds every Kafka client of flemme4j: string keys, byte values, the documented settings, and the user's
 * settings ({@link KafkaUserSettings}) in between, so SASL/TLS reach every client of every role from one place.
 * Order of precedence: a kind's defaults, then the user's settings, then the settings delivery guarantees rest on
 * (which {@link KafkaUserSettings} refuses to take from the user anyway).
 *
 * <p>Why plain kafka-clients and not vertx-kafka-client: the project runs kafka-clients 4.x (the embedded broker
 * needs it) while vertx-kafka-client 5.0.7 is compiled against 3.7.1, and some of its calls hang on 4.x (see
 * STACK.md). Callers drive the plain clients on their own threads.
 */
public final class KafkaClients {
    /** Where every role looks for Kafka unless told otherwise: the local broker of {@code ./flemme kafka}. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    /** Largest record: a 2D sample is small, but a 4×512×512 float32 image is 4 MiB. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** Partition fetch size for control topics: jobs are ≤ 1 MiB, but a fetch of garbage must not choke a consumer. */
    static final int CONTROL_FETCH_BYTES = 8 * 1024 * 1024;

    private final String bootstrapServers;
    private final KafkaUserSettings user;

    public KafkaClients(String bootstrapServers, KafkaUserSettings user) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.user = Objects.requireNonNull(user, "user");
    }

    public KafkaClients(String bootstrapServers) {
        this(bootstrapServers, KafkaUserSettings.none());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KafkaUserSettings userSettings() {
        return user;
    }

    /** Durable, ordered, idempotent: a record acknowledged is a record kept, in the order sent per key. */
    public Producer<String, byte[]> producer(String clientId) {
        return new KafkaProducer<>(producerConfig(clientId), new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer in {@code groupId} with manual commits: the caller commits once the work is durable. */
    public Consumer<String, byte[]> groupConsumer(String groupId, String clientId, int maxPollRecords) {
        return consumer(groupConsumerConfig(groupId, clientId, maxPollRecords));
    }

    /** A consumer without a group, for topics read by explicit assignment (compacted control topics). */
    public Consumer<String, byte[]> assignedConsumer(String clientId) {
        return consumer(assignedConsumerConfig(clientId, CONTROL_FETCH_BYTES));
    }

    /** A consumer without a group for data topics: big fetches, since one record may be a whole volume. */
    public Consumer<String, byte[]> dataConsumer(String clientId) {
        Map<String, Object> p = assignedConsumerConfig(clientId, MAX_RECORD_BYTES / 2);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_RECORD_BYTES);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 256);
        return consumer(p);
    }

    public Admin admin(String clientId) {
        return Admin.create(adminConfig(clientId, null));
    }

    /** An admin client whose calls give up after {@code apiTimeout}, each request after {@code requestTimeout}. */
    public Admin admin(String clientId, Duration requestTimeout, Duration apiTimeout) {
        Map<String, Object> over = new HashMap<>();
        over.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        over.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(requestTimeout.toMillis(), apiTimeout.toMillis()));
        return Admin.create(adminConfig(clientId, over));
    }

    Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> p = base(clientId);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.putAll(user.forClient(ClientKind.PRODUCER));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request in flight per partition: with several, a first batch bounced by a partition that just got
        // its leader (NOT_LEADER_OR_FOLLOWER) lets the next batch become the producer's first on that partition,
        // and the retried batch then fails with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout
        // (seen with Kafka 4.1 on freshly created data topics under load). Ordering is also what job states need.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return p;
    }

    Map<String, Object> groupConsumerConfig(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> p = base(clientId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, CONTROL_FETCH_BYTES);
        p.putAll(user.forClient(ClientKind.CONSUMER));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    Map<String, Object> assignedConsumerConfig(String clientId, int partitionFetchBytes) {
        Map<String, Object> p = base(clientId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, partitionFetchBytes);
        p.putAll(user.forClient(ClientKind.CONSUMER));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    Map<String, Object> adminConfig(String clientId, Map<String, Object> overrides) {
        Map<String, Object> p = base(clientId);
        if (overrides != null) {
            p.putAll(overrides);
        }
        p.putAll(user.forClient(ClientKind.ADMIN));
        return p;
    }

    private Map<String, Object> base(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, Objects.requireNonNull(clientId, "clientId"));
        return p;
    }

    private static Consumer<String, byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
