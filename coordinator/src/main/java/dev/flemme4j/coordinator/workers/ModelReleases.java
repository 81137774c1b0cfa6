package dev.flemme4j.coordinator.workers;

import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Published models: the latest release per model name, so the next release of a name gets the next version.
 * Backed by the compacted models topic (read at startup, so versions keep increasing across restarts).
 */
public final class ModelReleases {
    private static final Logger LOG = LoggerFactory.getLogger(ModelReleases.class);

    private final Map<String, ModelRelease> latest = new ConcurrentHashMap<>();
    private final RecordPublisher publisher;
    private final Context context;

    public ModelReleases(RecordPublisher publisher, Context context) {
        this.publisher = publisher;
        this.context = context;
    }

    public void restore(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null || r.value() == null) {
                continue;
            }
            try {
                ModelRelease m = Json.read(r.value(), ModelRelease.class);
                latest.merge(r.key(), m, (a, b) -> b.version() >= a.version() ? b : a);
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping unreadable model release {}: {}", r.key(), e.getMessage());
            }
        }
        LOG.info("restored {} model names from {}", latest.size(), Topics.MODELS);
    }

    public int latestVersion(String name) {
        ModelRelease m = latest.get(name);
        return m == null ? 0 : m.version();
    }

    /** Publishes the next version of {@code name}, pointing at the exported model directory. */
    public Future<ModelRelease> publish(String name, String jobId, String directory, String sha256, long now) {
        ModelRelease release = new ModelRelease(name, latestVersion(name) + 1, jobId, directory, sha256, now);
        latest.put(name, release);
        LOG.info("model {} version {} released from job {} ({})", name, release.version(), jobId, directory);
        return publisher.send(context, Topics.MODELS, name, Json.bytes(release)).map(m -> release);
    }
}
