package dev.flemme4j.serving.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.protocol.model.ModelIntegrityException;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.ModelDirs;
import dev.flemme4j.serving.SegmentationHttpTest;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.ort.ExecutionDevice;
import dev.flemme4j.serving.ort.OnnxModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, verification, hot replacement and directory polling, against real ORT sessions. */
class ModelRegistryTest {

    @TempDir
    Path root;
    SimpleMeterRegistry meters;
    ModelRegistry registry;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        registry = new ModelRegistry(OrtEnvironment.getEnvironment(), ExecutionDevice.CPU_DEVICE, meters);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static float firstLogit(OnnxModel model) throws Exception {
        int size = ModelDirs.H * ModelDirs.W;
        NamedTensor zeros = NamedTensor.ofFloats("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, new float[size]);
        return model.run(Map.of("input", zeros)).require("seg_logits").toFloatArray()[0];
    }

    @Test
    void refusesAModelWhoseOnnxFileDoesNotMatchItsSha256() throws Exception {
        Path dir = root.resolve("m");
        ModelDirs.write(dir, "m", 1, ModelDirs.tinyModel(0f));
        byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
        onnx[onnx.length - 1] ^= 1; // flip one bit of the bias
        Files.write(dir.resolve("model.onnx"), onnx);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> registry.load(dir));
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
        assertFalse(registry.isLoaded("m"));
        assertEquals(0.0, meters.get("flemme.serving.models.loaded").gauge().value());
    }

    @Test
    void newerVersionReplacesAtomicallyWhileOldLeaseFinishes() throws Exception {
        ModelDirs.write(root.resolve("v1"), "m", 1, ModelDirs.tinyModel(1f));
        ModelDirs.write(root.resolve("v2"), "m", 2, ModelDirs.tinyModel(2f));
        registry.load(root.resolve("v1"));
        ModelLease old = registry.lease("m").orElseThrow();

        assertEquals(2, registry.load(root.resolve("v2")).version());
        try (ModelLease fresh = registry.lease("m").orElseThrow()) {
            assertEquals(2f, firstLogit(fresh.model()), 1e-6f);
        }
        // the request that started on v1 still runs on v1's open session
        assertEquals(1f, firstLogit(old.model()), 1e-6f);
        assertFalse(old.model().isClosed());
        old.close();
        assertTrue(old.model().isClosed(), "v1 session closes with its last lease");
        assertEquals(1.0, meters.get("flemme.serving.models.loaded").gauge().value());
    }

    @Test
    void sameVersionIsANoOpAndOlderIsRefused() {
        ModelDirs.write(root.resolve("v1"), "m", 1, ModelDirs.tinyModel(1f));
        ModelDirs.write(root.resolve("v2"), "m", 2, ModelDirs.tinyModel(2f));
        registry.load(root.resolve("v2"));
        ModelManifest again = registry.load(root.resolve("v2"));
        assertEquals(2, again.version());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.load(root.resolve("v1")));
        assertTrue(e.getMessage().contains("older than the loaded v2"), e.getMessage());
    }

    @Test
    void manifestThatContradictsTheGraphIsRefused() throws Exception {
        Path dir = root.resolve("m");
        ModelManifest good = ModelDirs.write(dir, "m", 1, ModelDirs.tinyModel(0f));
        String json = good.toJson().replace("\"name\" : \"input\"", "\"name\" : \"image\"");
        Files.writeString(dir.resolve("manifest.json"), json);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.load(dir));
        assertTrue(e.getMessage().contains("manifest input 'image' is not a tensor input of the graph"), e.getMessage());
    }

    @Test
    void unloadAndCloseCloseSessions() {
        ModelDirs.write(root.resolve("a"), "a", 1, ModelDirs.tinyModel(0f));
        registry.load(root.resolve("a"));
        ModelLease lease = registry.lease("a").orElseThrow();
        assertTrue(registry.unload("a"));
        assertTrue(registry.lease("a").isEmpty());
        lease.close();
        assertTrue(lease.model().isClosed());
    }

    @Test
    void serverPicksUpNewModelDirsByPollingAndSkipsBadOnes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ModelDirs.write(root.resolve("m-v1"), "m", 1, ModelDirs.tinyModel(1f));
            Path bad = root.resolve("broken");
            Files.createDirectories(bad);
            Files.writeString(bad.resolve("manifest.json"), "{\"format\": 1}");
            ServingServer server = SegmentationHttpTest.await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root)
                    .withPort(0).withHost("127.0.0.1").withModelPollInterval(Duration.ofMillis(100))));
            try {
                assertEquals(1, server.registry().manifest("m").orElseThrow().version());
                ModelDirs.write(root.resolve("m-v2"), "m", 2, ModelDirs.tinyModel(2f));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (server.registry().manifest("m").orElseThrow().version() != 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(2, server.registry().manifest("m").orElseThrow().version());
                assertEquals(1, server.registry().size(), "the broken dir is skipped, not fatal");

                ModelDirs.write(root.resolve("later").resolve("x"), "x", 1, ModelDirs.tinyModel(0f)); // nested: not a model dir
                ModelManifest loaded = SegmentationHttpTest.await(server.loadModel(root.resolve("later").resolve("x")));
                assertEquals("x", loaded.name());
                assertTrue(server.registry().isLoaded("x"));
            } finally {
                SegmentationHttpTest.await(server.close());
            }
        } finally {
            SegmentationHttpTest.await(vertx.close());
        }
    }
}
