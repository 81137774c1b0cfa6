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
public final class ModelDirs {

    public static final int H = 24;
    public static final int W = 32;
    public static final float[] KERNEL = {0.1f, -0.2f, 0.3f, 0.4f, 1.0f, -0.4f, 0.2f, 0.1f, -0.3f};

    private ModelDirs() {
    }

    public static TinyOnnxModel tinyModel(float bias) {
        return new TinyOnnxModel(H, W, KERNEL, bias);
    }

    /** Gray input, ToTensor, Normalize(0.5, 0.5): what the worker writes for a one-channel dataset with that transform. */
    public static Preprocessing grayPreprocessing(int h, int w) {
        return new Preprocessing(List.of(h, w), 1, true, Preprocessing.TO_TENSOR_SCALE,
                new Preprocessing.Normalize(List.of(0.5), List.of(0.5)));
    }

    public static ModelManifest write(Path dir, String name, int version, TinyOnnxModel model) {
        return write(dir, ModelManifest.builder().setName(name).optVersion(version).setArchitecture("SeM").setTask(Task.SEGMENT)
                .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, H, W))
                .setOutputs(TensorSpec.of("seg_logits", DType.FLOAT32, -1, 1, H, W))
                .optPreprocessing(grayPreprocessing(H, W))
                .optPostprocessing(Postprocessing.sigmoidThreshold(0.5)), model.toBytes());
    }

    /** A ClM directory: argmax postprocessing, as the worker's ModelExport writes for classifiers. */
    public static ModelManifest write(Path dir, String name, TinyClassifier model) {
        return write(dir, ModelManifest.builder().setName(name).setArchitecture("ClM").setTask(Task.CLASSIFY)
                .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, model.height, model.width))
                .setOutputs(TensorSpec.of("cls_logits", DType.FLOAT32, -1, model.classes))
                .optPreprocessing(grayPreprocessing(model.height, model.width))
                .optPostprocessing(Postprocessing.argmax()), model.toBytes());
    }

    /** An AE directory: no postprocessing, as the worker's ModelExport writes for reconstruction models. */
    public static ModelManifest write(Path dir, String name, TinyReconstructor model) {
        return write(dir, ModelManifest.builder().setName(name).setArchitecture("AE").setTask(Task.RECONSTRUCT)
                .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, model.height, model.width))
                .setOutputs(TensorSpec.of("recon", DType.FLOAT32, -1, model.channels(), model.height, model.width))
                .optPreprocessing(grayPreprocessing(model.height, model.width)), model.toBytes());
    }

    private static ModelManifest write(Path dir, ModelManifest.Builder manifest, byte[] onnx) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), onnx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelManifest m = manifest.optJobId("job-test").setSha256Of(dir.resolve("model.onnx"))
                .optCreatedAt(Instant.parse("2026-11-26T00:00:00Z")).build();
        m.write(dir);
        return m;
    }
}
