package dev.flemme4j.worker.checkpoint;

import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.LatentDecoder;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.diffusion.SupervisedSettings;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The diffusion part of a model export: the process settings for the manifest and, for a guided model, the
 * eps-model exported a second time without {@code c} ({@value #UNCONDITIONAL_FILE}) for guidance's unconditional pass
 * and, when the condition is only added, a third time with the condition mask {@code c_keep} ({@value #GUIDANCE_FILE})
 * so guidance evaluates both halves in one batch of 2n.
 */
final class DiffusionExport {
    static final String UNCONDITIONAL_FILE = "eps_uncond.onnx";
    static final String GUIDANCE_FILE = "eps_guided.onnx";
    static final String DECODER_FILE = "decoder.onnx";

    private DiffusionExport() {
    }

    /** The diffusion process of a DDPM/DDIM/EDM, LDM or SDM spec, else null. */
    static DiffusionModelSpec process(ModelSpec spec) {
        if (spec instanceof DiffusionModelSpec d) {
            return d;
        } else if (spec instanceof LatentDiffusionModelSpec l) {
            return l.diffusion();
        } else if (spec instanceof SupervisedDiffusionModelSpec s) {
            return s.diffusion();
        }
        return null;
    }

    /** The ensemble of a supervised diffusion model (SDM, SDPM, SDIM) for its manifest; null for other models. */
    static SupervisedSettings supervised(FlemmeModel model) {
        return model.spec() instanceof SupervisedDiffusionModelSpec s ? new SupervisedSettings(s.numEnsemble()) : null;
    }

    /** The manifest's diffusion settings (null for other models); writes the unconditional graph into {@code dir}. */
    static DiffusionSettings settings(FlemmeModel model, Path dir) throws IOException {
        DiffusionModelSpec d = process(model.spec());
        if (d == null) {
            return null;
        }
        if (!d.settings().guidable()) {
            return d.settings();
        }
        write(dir, UNCONDITIONAL_FILE, OnnxExport.toBytes(model, false));
        DiffusionSettings s = d.settings().withUnconditionalOnnxFile(UNCONDITIONAL_FILE);
        if (d == model.spec() && d.batchGuidable()) {
            // guidance's two halves in one batch of 2n; the unconditional graph above still serves unguided calls
            write(dir, GUIDANCE_FILE, OnnxExport.toBytesWithConditionMask(model));
            s = s.withGuidanceOnnxFile(GUIDANCE_FILE);
        }
        return s;
    }

    /**
     * A latent diffusion model's decoder, written into {@code dir} as {@value #DECODER_FILE}, with what serving needs to
     * turn its output into a PNG grid or PLY; null for other models.
     *
     * @param normalize the training data's serving normalisation (null: the data is in [0, 1])
     */
    static LatentDecoder latentDecoder(FlemmeModel model, Path dir, Preprocessing.Normalize normalize) throws IOException {
        if (!(model.spec() instanceof LatentDiffusionModelSpec l)) {
            return null;
        }
        write(dir, DECODER_FILE, OnnxExport.latentDecoderBytes(model));
        boolean points = l.autoencoder().encoder().pointCloud();
        List<Double> range = null;
        if (!points) {
            double mean = normalize == null ? 0 : normalize.mean().get(0);
            double std = normalize == null ? 1 : normalize.std().get(0);
            range = List.of((0 - mean) / std, (1 - mean) / std);
        }
        return new LatentDecoder(DECODER_FILE, tail(model.spec().inputShape(1)), tail(l.autoencoder().outputShape(1)),
                points ? LatentDecoder.POINT_CLOUD : LatentDecoder.IMAGE, range);
    }

    private static List<Integer> tail(long[] shape) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 1; i < shape.length; i++) {
            out.add((int) shape[i]);
        }
        return out;
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code input}, {@code t} and (conditional) {@code c}, each with a dynamic batch. */
    static TensorSpec[] inputs(FlemmeModel model) {
        List<String> names = model.inputNames();
        TensorSpec[] out = new TensorSpec[names.size()];
        for (int i = 0; i < names.size(); i++) {
            long[] shape = model.inputShape(names.get(i), 1).getShape().clone();
            shape[0] = TensorSpec.DYNAMIC;
            out[i] = TensorSpec.of(names.get(i), DType.FLOAT32, shape);
        }
        return out;
    }
}
