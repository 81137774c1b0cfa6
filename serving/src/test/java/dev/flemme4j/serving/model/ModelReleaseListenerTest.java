package dev.flemme4j.serving.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.ModelDirs;
import dev.flemme4j.serving.ort.ExecutionDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release listener through its injected-consumer seam: real ORT sessions, a {@code MockConsumer} for Kafka. */
class ModelReleaseListenerTest {
    private static final TopicPartition P0 = new TopicPartition(Topics.MODELS, 0);

    @TempDir
    Path root;

    @Test
    void loadsEachReleaseSkipsBadOnesAndReportsAConsumerThatDied() throws Exception {
        Path artifacts = root.resolve("artifacts");
        Path dir = artifacts.resolve("m-v1");
        ModelManifest m = ModelDirs.write(dir, "m", 1, ModelDirs.tinyModel(0f));
        Path outside = root.resolve("outside");
        ModelManifest evil = ModelDirs.write(outside, "evil", 1, ModelDirs.tinyModel(0f));
        Path wrongSha = artifacts.resolve("w-v1");
        ModelDirs.write(wrongSha, "w", 1, ModelDirs.tinyModel(0f));
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updatePartitions(Topics.MODELS, List.of(new PartitionInfo(Topics.MODELS, 0, new Node(0, "h", 1), null, null)));
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 0, "x", "garbage".getBytes(StandardCharsets.UTF_8)));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 1, "gone",
                    Json.bytes(new ModelRelease("gone", 1, "j0", root.resolve("missing").toString(), "00", 1L))));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 2, "evil",
                    Json.bytes(new ModelRelease("evil", 1, "j2", outside.toString(), evil.sha256(), 2L))));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 3, "w",
                    Json.bytes(new ModelRelease("w", 1, "j3", wrongSha.toString(), "ab".repeat(32), 3L))));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 4, "m",
                    Json.bytes(new ModelRelease("m", 1, "j1", dir.toString(), m.sha256(), 4L))));
        });
        ModelRegistry registry = new ModelRegistry(OrtEnvironment.getEnvironment(), ExecutionDevice.CPU_DEVICE, new SimpleMeterRegistry());
        try (ModelReleaseListener listener = new ModelReleaseListener(c, registry, new TrustedRoots(List.of(artifacts))).start()) {
            waitFor(() -> registry.isLoaded("m"));
            assertTrue(listener.problem().isEmpty(), "bad releases are skipped, not fatal");
            assertEquals(1, registry.manifests().size(), "outside the artifact root and a wrong sha256: neither loaded");
            c.setPollException(new KafkaException("broker gone"));
            waitFor(() -> listener.problem().isPresent());
            assertTrue(listener.problem().get().contains("broker gone"), listener.problem().get());
            waitFor(c::closed);
        } finally {
            registry.close();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
