package dev.flemme4j.serving;

import static dev.flemme4j.serving.SegmentationHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.protocol.model.ModelIntegrityException;
import dev.flemme4j.serving.model.ModelLoadException;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.model.TrustedRoots;
import dev.flemme4j.serving.ort.ExecutionDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust boundaries of serving: where models may come from, their digests, bind address, tokens, TLS. */
class SecurityTest {

    @TempDir
    Path tmp;

    @Test
    void releaseDirectoriesOutsideTheArtifactRootAreRefusedSymlinksIncluded() throws Exception {
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path inside = artifacts.resolve("job-1").resolve("model");
        ModelDirs.write(inside, "m", 1, ModelDirs.tinyModel(0f));
        Path outside = tmp.resolve("elsewhere").resolve("model");
        ModelDirs.write(outside, "evil", 1, ModelDirs.tinyModel(0f));
        Files.createSymbolicLink(artifacts.resolve("link-out"), outside);
        TrustedRoots roots = new TrustedRoots(List.of(artifacts));

        assertEquals(inside.toRealPath(), roots.confine(inside.toString()));
        for (String forged : List.of("/etc", outside.toString(), artifacts + "/../elsewhere/model", artifacts + "/job-1/../../elsewhere/model",
                artifacts.resolve("link-out").toString(), "relative/model", artifacts.toString(), artifacts + "/missing")) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> roots.confine(forged), forged);
            assertTrue(e.getMessage().contains("refusing") || e.getMessage().contains("does not exist"), e.getMessage());
        }
        assertThrows(ModelLoadException.class, () -> new TrustedRoots(List.of()).confine(inside.toString()));
    }

    @Test
    void releaseShaAndFileShaMustBothMatchAndNothingIsLoadedOtherwise() throws Exception {
        Path dir = tmp.resolve("m");
        var manifest = ModelDirs.write(dir, "m", 1, ModelDirs.tinyModel(0f));
        try (ModelRegistry registry = new ModelRegistry(OrtEnvironment.getEnvironment(), ExecutionDevice.CPU_DEVICE, new SimpleMeterRegistry())) {
            ModelIntegrityException forged = assertThrows(ModelIntegrityException.class, () -> registry.load(dir, "ab".repeat(32)));
            assertTrue(forged.getMessage().contains("the release says"), forged.getMessage());
            assertFalse(registry.isLoaded("m"));
            // a file swapped after the manifest was written
            byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
            onnx[onnx.length - 1] ^= 1;
            Files.write(dir.resolve("model.onnx"), onnx);
            assertThrows(ModelIntegrityException.class, () -> registry.load(dir, manifest.sha256()));
            assertFalse(registry.isLoaded("m"));
            // an onnx file that is a symlink out of its directory
            Path other = tmp.resolve("other");
            var good = ModelDirs.write(other, "m", 2, ModelDirs.tinyModel(0f));
            Path linked = tmp.resolve("linked");
            Files.createDirectories(linked);
            Files.copy(other.resolve("manifest.json"), linked.resolve("manifest.json"));
            Files.createSymbolicLink(linked.resolve("model.onnx"), other.resolve("model.onnx"));
            ModelIntegrityException out = assertThrows(ModelIntegrityException.class, () -> registry.load(linked, good.sha256()));
            assertTrue(out.getMessage().contains("outside its model directory"), out.getMessage());
            assertEquals(2, registry.load(other, good.sha256()).version());
        }
    }

    @Test
    void bindsLoopbackByDefault() {
        assertEquals("127.0.0.1", ServingOptions.defaults().host());
    }

    @Test
    void tokensAreComparedWholeAndShortOnesAreRefused() throws Exception {
        BearerTokens t = BearerTokens.of("abcdefghijklmnop", "qrstuvwxyz0123456789");
        assertTrue(t.accepts("abcdefghijklmnop"));
        assertTrue(t.accepts("qrstuvwxyz0123456789"));
        assertFalse(t.accepts("abcdefghijklmno"));
        assertFalse(t.accepts("abcdefghijklmnopq"));
        assertFalse(t.accepts(""));
        assertFalse(t.accepts(null));
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.of("short"));
        Path file = tmp.resolve("tokens");
        Files.writeString(file, "# serving clients\nabcdefghijklmnop\n\n  zyxwvutsrqponmlk   # ops\n");
        BearerTokens fromFile = BearerTokens.fromFile(file);
        assertEquals(2, fromFile.size());
        assertTrue(fromFile.accepts("zyxwvutsrqponmlk"));
        assertEquals(1, BearerTokens.fromEnvValue("X", " abcdefghijklmnop ,").size());
    }

    @Test
    void servesHttpsWithAKeystoreAndRefusesPlainHttp() throws Exception {
        Path keystore = tmp.resolve("serving.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "serving",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
        ModelDirs.write(tmp.resolve("models").resolve("m"), "m", 1, ModelDirs.tinyModel(0f));
        Vertx vertx = Vertx.vertx();
        ServingServer server = await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(tmp.resolve("models")).withPort(0)
                .withModelPollInterval(Duration.ZERO).withTls(TlsOptions.keystore(keystore, "changeit"))));
        try {
            WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                    .setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
            assertEquals(200, await(https.get("/v1/models").send()).statusCode());
            WebClient plain = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
            assertThrows(Exception.class, () -> await(plain.get("/v1/models").timeout(5000).send()));
        } finally {
            await(server.close());
            await(vertx.close());
        }
    }
}
