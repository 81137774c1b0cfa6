package dev.flemme4j.coordinator.kafka;

import dev.flemme4j.coordinator.job.JobPayload;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the coordinator's control topics when they are missing (a bare broker, a fresh compose stack), with
 * compaction on the ones that hold "latest value per key". Existing topics are left as they are. Blocking.
 */
public final class ControlTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ControlTopics.class);

    private ControlTopics() {
    }

    public static List<NewTopic> definitions() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> jobs = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(JobPayload.MAX_BYTES + 4096));
        List<NewTopic> out = new ArrayList<>();
        out.add(new NewTopic(Topics.JOBS, Optional.of(1), Optional.empty()).configs(jobs));
        out.add(new NewTopic(Topics.JOB_STATE, Optional.of(1), Optional.empty()).configs(compacted));
        out.add(new NewTopic(Topics.COMMANDS, Optional.of(1), Optional.empty()));
        out.add(new NewTopic(Topics.EVENTS, Optional.of(1), Optional.empty()));
        out.add(new NewTopic(Topics.MODELS, Optional.of(1), Optional.empty()).configs(compacted));
        out.add(new NewTopic(Topics.DATASETS, Optional.of(1), Optional.empty()).configs(compacted));
        // parameters of every averaging round: as big as a data record may be, kept only long enough to be read
        out.add(new NewTopic(Topics.REPLICAS, Optional.of(1), Optional.empty()).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.MAX_RECORD_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(java.time.Duration.ofHours(1).toMillis()))));
        return out;
    }

    public static void ensure(Admin admin) {
        var results = admin.createTopics(definitions()).values();
        for (var e : results.entrySet()) {
            try {
                e.getValue().get(60, TimeUnit.SECONDS);
                LOG.info("created topic {}", e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(),
                            ex.getCause());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + e.getKey(), ex);
            } catch (java.util.concurrent.TimeoutException ex) {
                throw new IllegalStateException("Kafka did not create topic " + e.getKey() + " within 60 s", ex);
            }
        }
    }
}
