package dev.flemme4j.serving.model;

import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.PollLoop;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted models topic from its beginning and loads every release into the registry, so a
 * serving process started at any time serves the latest version of every model, and a newly trained model is
 * served moments after its job completes. Manual assignment (no group): every serving replica must see every
 * release. Loading happens on this listener's own thread ({@link PollLoop}), never on an event loop.
 *
 * <p>Whoever can write to the topic is not trusted with the file system: a release's directory must resolve
 * inside the {@link TrustedRoots}, and its sha256 must match both the manifest and the ONNX file; anything else
 * is refused and logged, and nothing in it is loaded.
 */
public final class ModelReleaseListener implements PollLoop.Body, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelReleaseListener.class);
    private final ModelRegistry registry;
    private final TrustedRoots roots;
    private final PollLoop loop;

    public ModelReleaseListener(KafkaClients kafka, ModelRegistry registry, TrustedRoots roots) {
        this(kafka.assignedConsumer("flemme-serving-models"), registry, roots);
    }

    /** With the caller's consumer (a {@code MockConsumer} in tests); the listener closes it when it ends. */
    public ModelReleaseListener(Consumer<String, byte[]> consumer, ModelRegistry registry, TrustedRoots roots) {
        this.registry = registry;
        this.roots = roots;
        this.loop = new PollLoop("flemme-serving-models", consumer, Duration.ofMillis(500), this);
    }

    public ModelReleaseListener start() {
        loop.start();
        return this;
    }

    /** Why the listener stopped, if it stopped without {@link #close()}: for the health check. */
    public Optional<String> problem() {
        return loop.problem();
    }

    /** Waits for the models topic (the coordinator creates it) and reads it from the beginning. */
    @Override
    public void open(Consumer<String, byte[]> consumer) {
        while (loop.running() && CompactedTopic.assignFromBeginning(consumer, Topics.MODELS, Duration.ofSeconds(10)).isEmpty()) {
            LOG.debug("waiting for topic {}", Topics.MODELS);
        }
    }

    @Override
    public void onRecords(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            apply(r);
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
            // A release whose files are gone, corrupt or out of bounds must not stop later releases from loading.
            LOG.warn("could not load release {} v{} from {}: {}", release.name(), release.version(),
                    release.directory(), e.getMessage());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
