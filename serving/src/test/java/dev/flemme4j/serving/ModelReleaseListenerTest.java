package dev.flemme4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
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
        Path dir = root.resolve("m-v1");
        ModelDirs.write(dir, "m", 1, ModelDirs.tinyModel(0f));
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        c.updatePartitions(Topics.MODELS, List.of(new PartitionInfo(Topics.MODELS, 0, new Node(0, "h", 1), null, null)));
        c.updateBeginningOffsets(Map.of(P0, 0L));
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 0, "x", "garbage".getBytes(StandardCharsets.UTF_8)));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 1, "gone",
                    Json.bytes(new ModelRelease("gone", 1, "j0", root.resolve("missing").toString(), "00", 1L))));
            c.addRecord(new ConsumerRecord<>(Topics.MODELS, 0, 2, "m",
                    Json.bytes(new ModelRelease("m", 1, "j1", dir.toString(), "ab", 2L))));
        });
        ModelRegistry registry = new ModelRegistry(OrtEnvironment.getEnvironment(), ExecutionDevice.CPU_DEVICE, new SimpleMeterRegistry());
        try (ModelReleaseListener listener = new ModelReleaseListener(c, registry).start()) {
            waitFor(() -> registry.isLoaded("m"));
            assertTrue(listener.problem().isEmpty(), "bad releases are skipped, not fatal");
            assertEquals(1, registry.manifests().size());
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
