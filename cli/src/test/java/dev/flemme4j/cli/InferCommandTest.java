package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.serving.ModelDirs;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flemme infer} against a real serving process: masks land next to the inputs; a bad file fails alone. */
class InferCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesMasksNextToTheInputsAndReportsFailures() throws Exception {
        ModelDirs.write(tmp.resolve("models").resolve("seg"), "seg", 1, ModelDirs.tinyModel(0.05f));
        String token = "infer-test-token-0123456789";
        Vertx vertx = Vertx.vertx();
        ServingServer server = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(tmp.resolve("models")).withPort(0)
                .withModelPollInterval(Duration.ZERO).withTokens(BearerTokens.of(token))).await(60, TimeUnit.SECONDS);
        try {
            Path images = Files.createDirectories(tmp.resolve("images"));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(i * 5, 10, 0, 200);
                Files.write(images.resolve("img" + i + ".png"), ImageCodec.encodePng(img));
            }
            Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3});
            String url = "http://127.0.0.1:" + server.port();
            int ok = Main.commandLine().execute("infer", "seg", "--url", url, "--token", token,
                    images.resolve("img0.png").toString(), images.resolve("img1.png").toString(), images.resolve("img2.png").toString());
            assertEquals(0, ok);
            for (int i = 0; i < 3; i++) {
                BufferedImage mask = ImageCodec.standard().decode(Files.readAllBytes(images.resolve("img" + i + ".seg.png")));
                assertEquals(ModelDirs.W, mask.getWidth());
            }
            int partial = Main.commandLine().execute("infer", "seg", "--url", url, "--token", token,
                    images.resolve("broken.png").toString(), images.resolve("img0.png").toString());
            assertEquals(1, partial);
            assertFalse(Files.exists(images.resolve("broken.seg.png")));
            assertTrue(Files.exists(images.resolve("img0.seg.png")));
            assertTrue(Main.commandLine().execute("infer", "seg", "--url", url, images.resolve("img0.png").toString()) != 0, "no token");
        } finally {
            server.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
