package dev.flemme4j.protocol.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flemme4j.protocol.tensor.DType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {

    @TempDir
    Path dir;

    static ModelManifest.Builder segBuilder(String sha) {
        return ModelManifest.builder()
                .setName("mnist-seg").optVersion(3).optJobId("job-42").setArchitecture("SeM").setTask(Task.SEGMENT)
                .setSha256(sha)
                .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, 64, 64))
                .setOutputs(TensorSpec.of("seg_logits", DType.FLOAT32, -1, 1, 64, 64))
                .optPreprocessing(new Preprocessing(List.of(64, 64), 1, true, Preprocessing.TO_TENSOR_SCALE,
                        new Preprocessing.Normalize(List.of(0.5), List.of(0.5))))
                .optPostprocessing(Postprocessing.sigmoidThreshold(0.5))
                .optCreatedAt(Instant.parse("2026-11-26T10:15:30Z"));
    }

    @Test
    void writesSnakeCaseJsonAndReadsItBack() throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        ModelManifest m = segBuilder(null).setSha256Of(dir.resolve("model.onnx")).build();
        m.write(dir);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("manifest.json")));
        assertEquals(1, json.get("format").asInt());
        assertEquals("job-42", json.get("job_id").asText());
        assertEquals("segment", json.get("task").asText());
        assertEquals("model.onnx", json.get("onnx_file").asText());
        assertEquals("float32", json.get("inputs").get(0).get("dtype").asText());
        assertEquals(-1, json.get("inputs").get(0).get("shape").get(0).asLong());
        assertEquals(1, json.get("preprocessing").get("in_channel").asInt());
        assertEquals("sigmoid_threshold", json.get("postprocessing").get("kind").asText());
        assertEquals("2026-11-26T10:15:30Z", json.get("created_at").asText());
        // sha256 of bytes 01 02 03
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", json.get("sha256").asText());

        ModelManifest back = ModelManifest.read(dir);
        assertEquals(m, back);
        assertDoesNotThrow(() -> back.verifyOnnxFile(dir));
        assertEquals(0.0, back.postprocessing().logitThreshold(), 1e-12);
    }

    @Test
    void verifyNamesBothDigestsOnMismatch() throws Exception {
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        ModelManifest m = segBuilder("0".repeat(64)).build();
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> m.verifyOnnxFile(dir));
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("039058c6"), e.getMessage());
        Files.delete(dir.resolve("model.onnx"));
        e = assertThrows(ModelIntegrityException.class, () -> m.verifyOnnxFile(dir));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void readRejectsBadManifestsWithTheFileAndReason() throws Exception {
        assertTrue(assertThrows(ModelManifestException.class, () -> ModelManifest.read(dir)).getMessage().contains("does not exist"));

        String good = segBuilder("a".repeat(64)).build().toJson();
        assertBad(good.replace("\"format\" : 1", "\"format\" : 2"), "format 2 is not supported");
        assertBad(good.replace("\"model.onnx\"", "\"../evil.onnx\""), "onnx_file");
        assertBad(good.replace("\"segment\"", "\"segmentt\""), "segmentt");
        assertBad(good.replace("\"float32\"", "\"float64\""), "float64");
        assertBad(good.replace("\"opset\"", "\"opsett\""), "opsett");
        assertBad(good.replace("\"mnist-seg\"", "\"a/b\""), "invalid value 'a/b' for name");
        assertBad("{not json", "invalid manifest");
    }

    @Test
    void argmaxHasNoThresholdAndRoundTrips() {
        ModelManifest m = segBuilder("b".repeat(64)).optPostprocessing(Postprocessing.argmax()).build();
        assertTrue(!m.toJson().contains("threshold"));
        assertEquals(m, ModelManifest.fromJson(m.toJson()));
    }

    @Test
    void tensorSpecAcceptsDynamicBatch() {
        TensorSpec spec = TensorSpec.of("input", DType.FLOAT32, -1, 1, 64, 64);
        assertTrue(spec.accepts(new long[] {7, 1, 64, 64}));
        assertTrue(!spec.accepts(new long[] {7, 3, 64, 64}));
        assertTrue(!spec.accepts(new long[] {1, 64, 64}));
        assertEquals("[N, 1, 64, 64]", spec.describeShape());
    }

    private void assertBad(String json, String fragment) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), json, StandardCharsets.UTF_8);
        ModelManifestException e = assertThrows(ModelManifestException.class, () -> ModelManifest.read(dir));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }
}
