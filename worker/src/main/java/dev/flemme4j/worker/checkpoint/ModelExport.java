package dev.flemme4j.worker.checkpoint;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.transform.TransformChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the served form of a trained model: {@code model.onnx} from our exporter plus {@code manifest.json}
 * describing its signature and the preprocessing the training data went through (so serving feeds it the same
 * kind of tensor), with the ONNX file's sha256; and {@value ExportSource#FILE} saying which checkpoint the weights
 * are from.
 */
public final class ModelExport {
    private final FlemmeModel model;
    private final TrainJobSpec spec;

    public ModelExport(FlemmeModel model, TrainJobSpec spec) {
        this.model = model;
        this.spec = spec;
    }

    /** @param source which weights these are; written beside the manifest, before it (the manifest comes last) */
    public Path write(Path dir, String name, String jobId, ExportSource source) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ExportSource.FILE), dev.flemme4j.protocol.Json.bytes(source));
        Path onnx = dir.resolve(ModelManifest.DEFAULT_ONNX_FILE);
        OnnxExport.export(model, onnx);
        long[] in = model.inputShape(1).getShape();
        long[] inputShape = in.clone();
        inputShape[0] = TensorSpec.DYNAMIC;
        long[] outputShape = model.outputShape(1).getShape().clone();
        outputShape[0] = TensorSpec.DYNAMIC;
        DiffusionSettings diffusion = DiffusionExport.settings(model, dir);
        ModelManifest manifest = ModelManifest.builder()
                .setName(name)
                .setArchitecture(model.architecture())
                .setTask(task())
                .setInputs(diffusion == null ? new TensorSpec[] {TensorSpec.of(OnnxExport.INPUT, DType.FLOAT32, inputShape)}
                        : DiffusionExport.inputs(model))
                .optDiffusion(diffusion)
                .optLatentDecoder(DiffusionExport.latentDecoder(model, dir,
                        TransformChain.servingNormalize(spec.loader().dataTransforms())))
                .optSupervised(DiffusionExport.supervised(model))
                .setOutputs(TensorSpec.of(model.outputNames().get(0), DType.FLOAT32, outputShape))
                .setSha256Of(onnx)
                .optJobId(jobId)
                // image preprocessing (decode, resize to H×W) only describes 2D inputs; 3D volumes and vectors are
                // served as tensor records
                .optPreprocessing(in.length == 4 && diffusion == null ? preprocessing((int) in[1], (int) in[2], (int) in[3])
                        : supervisedPreprocessing())
                .optPostprocessing(postprocessing(outputShape))
                .build();
        manifest.write(dir);
        return dir;
    }

    private Task task() {
        if (DiffusionExport.supervised(model) != null) {
            return supervisedTask();
        }
        return switch (model.task()) {
            case CLASSIFY -> Task.CLASSIFY;
            case RECONSTRUCT -> Task.RECONSTRUCT;
            case GENERATE -> Task.SAMPLE;
            default -> Task.SEGMENT;
        };
    }

    /**
     * Segmentation: one logit channel → sigmoid threshold, several → argmax over channels. Classification: argmax
     * over the class logits. Reconstruction: the output is the answer, so none (the manifest allows that for
     * non-segment tasks).
     */
    public static Postprocessing postprocessing(dev.flemme4j.modelzoo.ModelTask task, long[] outputShape) {
        return switch (task) {
            case CLASSIFY -> Postprocessing.argmax();
            case RECONSTRUCT, GENERATE -> null;
            default -> outputShape[1] == 1 ? Postprocessing.sigmoidThreshold(0.5) : Postprocessing.argmax();
        };
    }

    private Postprocessing postprocessing(long[] outputShape) {
        if (DiffusionExport.supervised(model) != null) {
            // serving turns the ensemble mean p into the logit of p, so a one-channel mask is p > 0.5
            return supervisedTask() == Task.SEGMENT ? postprocessing(dev.flemme4j.modelzoo.ModelTask.SEGMENT, outputShape) : null;
        }
        return postprocessing(model.task(), outputShape);
    }

    /** A supervised diffusion model is asked with its condition, the image: prepared as the training images were. */
    private Preprocessing supervisedPreprocessing() {
        if (DiffusionExport.supervised(model) == null) {
            return null;
        }
        long[] c = model.inputShape(dev.flemme4j.modelzoo.ModelSpec.CONDITION, 1).getShape();
        return c.length == 4 ? preprocessing((int) c[1], (int) c[2], (int) c[3]) : null;
    }

    /** A supervised diffusion model answers /segment when trained on masks, /reconstruct when trained on targets. */
    private Task supervisedTask() {
        return spec.loader().dataset().isSegmentation() ? Task.SEGMENT : Task.RECONSTRUCT;
    }

    private Preprocessing preprocessing(int channels, int h, int w) {
        Preprocessing.Normalize normalize = TransformChain.servingNormalize(spec.loader().dataTransforms());
        boolean grayscale = channels == 1;
        return new Preprocessing(List.of(h, w), channels, grayscale, Preprocessing.TO_TENSOR_SCALE, normalize);
    }
}
