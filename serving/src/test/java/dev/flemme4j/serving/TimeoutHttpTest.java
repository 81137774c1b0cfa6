package dev.flemme4j.serving;

import static dev.flemme4j.serving.SegmentationHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request the model cannot answer within the request timeout gets 504 with Retry-After, and the server goes on. */
class TimeoutHttpTest {

    @TempDir
    Path root;

    @Test
    void slowAnswersGet504AndTheServerStaysUp() throws Exception {
        ConvModel big = new ConvModel(new int[] {64, 64}, 1, 3);
        big.write(root.resolve("slow"), "slow", 1);
        Vertx vertx = Vertx.vertx();
        // 1 ms: decoding a 1024² input and running ~300 windows cannot finish in time on any machine
        ServingServer server = await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root).withPort(0)
                .withModelPollInterval(Duration.ZERO).withTimeouts(Duration.ofMillis(1), Duration.ofSeconds(20))));
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
            float[] x = new float[1024 * 1024];
            byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, 1024, 1024}, x)));
            HttpResponse<Buffer> r = await(client.post("/v1/models/slow/segment").putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE)
                    .sendBuffer(Buffer.buffer(body)));
            assertEquals(504, r.statusCode(), r.bodyAsString());
            assertEquals("1", r.getHeader("Retry-After"));
            JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
            assertEquals("model", error.getString("field"));
            assertEquals(200, await(client.get("/health").send()).statusCode());
        } finally {
            await(server.close());
            await(vertx.close());
        }
    }
}
