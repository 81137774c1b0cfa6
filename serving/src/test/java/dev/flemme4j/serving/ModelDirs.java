package dev.flemme4j.serving;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes complete model directories (model.onnx + manifest.json) as the worker will. */
final class ModelDirs {

    static final int H = 24;
    static final int W = 32;
    static final float[] KERNEL = {0.1f, -0.2f, 0.3f, 0.4f, 1.0f, -0.4f, 0.2f, 0.1f, -0.3f};

    private ModelDirs() {
    }

    static TinyOnnxModel tinyModel(float bias) {
        return new TinyOnnxModel(H, W, KERNEL, bias);
    }

    static ModelManifest write(Path dir, String name, int version, TinyOnnxModel model) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), model.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelManifest manifest = ModelManifest.builder()
                .setName(name).optVersion(version).optJobId("job-test").setArchitecture("SeM").setTask(Task.SEGMENT)
                .setSha256Of(dir.resolve("model.onnx"))
                .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, H, W))
                .setOutputs(TensorSpec.of("seg_logits", DType.FLOAT32, -1, 1, H, W))
                .optPreprocessing(new Preprocessing(List.of(H, W), 1, true, Preprocessing.TO_TENSOR_SCALE,
                        new Preprocessing.Normalize(List.of(0.5), List.of(0.5))))
                .optPostprocessing(Postprocessing.sigmoidThreshold(0.5))
                .optCreatedAt(Instant.parse("2026-11-26T00:00:00Z"))
                .build();
        manifest.write(dir);
        return manifest;
    }
}
