package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the empty data topic of a split before ingestion. A topic left by an ingestion that never finished
 * (the coordinator died half-way; no dataset record was written) is deleted first, because workers read data
 * topics from the beginning and would otherwise see its partial records twice. Blocking.
 */
public final class DataTopics implements DatasetIngestor.TopicPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(DataTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;
    private final int partitions;

    public DataTopics(Admin admin, int partitions) {
        this.admin = admin;
        this.partitions = partitions;
    }

    @Override
    public void prepare(String topic) {
        try {
            if (exists(topic)) {
                LOG.warn("data topic {} exists without a finished ingestion; deleting it and ingesting again", topic);
                try {
                    admin.deleteTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                try {
                    // Data must outlive any training run: no time or size retention on data topics.
                    NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.MAX_RECORD_BYTES)));
                    admin.createTopics(List.of(t)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    awaitLeaders(topic, deadline);
                    LOG.info("created data topic {} with {} partitions", topic, partitions);
                    return;
                } catch (ExecutionException e) {
                    // a deleted topic lingers for a moment ("marked for deletion"): retry until it is gone
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing " + topic, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot create data topic " + topic + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Producing to a topic whose partitions have no leader yet gets NOT_LEADER errors, and with an idempotent
     * producer the retries can end in an endless OUT_OF_ORDER_SEQUENCE loop (seen on Kafka 4.1): wait until
     * every partition has a leader first.
     */
    private void awaitLeaders(String topic, long deadline) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        while (true) {
            org.apache.kafka.clients.admin.TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                // Right after creation the broker's metadata may not know the topic yet ("does not host this
                // topic-partition"): that is "not ready", not a failure.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                description = null;
            }
            boolean ready = description != null && description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0);
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("partitions of " + topic + " got no leader in time");
            }
            Thread.sleep(100);
        }
    }

    private boolean exists(String topic) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Set<String> names = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return names.contains(topic);
    }
}
