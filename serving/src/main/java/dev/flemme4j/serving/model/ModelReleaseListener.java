package dev.flemme4j.serving.model;

import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic from its beginning and loads every release into the registry, so a
 * serving process started at any time serves the latest version of every model, and a newly trained model is
 * served moments after its job completes. Manual assignment (no group): every serving replica must see every
 * release. Loading happens on this listener's own thread, never on an event loop. Whoever can write to the
 * topic is not trusted with the file system: the release's directory must lie inside the {@link TrustedRoots}
 * and its sha256 must match both the manifest and the ONNX file.
 */
public final class ModelReleaseListener implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelReleaseListener.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final ModelRegistry registry;
    private final TrustedRoots roots;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param roots a release's directory must resolve inside one of these (the artifact root, the models root);
     *              a record pointing anywhere else is refused and logged, nothing in it is read
     */
    public ModelReleaseListener(String bootstrap, ModelRegistry registry, TrustedRoots roots) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "flemme-serving-models");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.registry = registry;
        this.roots = roots;
        this.thread = new Thread(this, "flemme-serving-models");
        this.thread.setDaemon(true);
    }

    public ModelReleaseListener start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            while (running && parts.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.MODELS, Duration.ofSeconds(10));
                if (infos != null) {
                    infos.forEach(i -> parts.add(new TopicPartition(Topics.MODELS, i.partition())));
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("model release listener stopped: {}", e.toString(), e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        ModelRelease release;
        try {
            release = Json.read(r.value(), ModelRelease.class);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring unreadable model release at offset {}: {}", r.offset(), e.getMessage());
            return;
        }
        try {
            Path dir = roots.confine(release.directory());
            if (release.sha256() == null || release.sha256().isBlank()) {
                throw new ModelLoadException("release names no sha256; refusing to load " + dir);
            }
            registry.load(dir, release.sha256());
        } catch (RuntimeException e) {
            // A release whose files are gone or corrupt must not stop later releases from loading.
            LOG.warn("could not load release {} v{} from {}: {}", release.name(), release.version(),
                    release.directory(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
