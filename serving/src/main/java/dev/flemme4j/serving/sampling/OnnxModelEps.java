package dev.flemme4j.serving.sampling;

import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EpsFunction;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.serving.ort.OnnxModel;
import java.util.List;
import java.util.Map;

/**
 * A leased model's eps-model graph as an {@link EpsFunction}: {@code input}, {@code t} and {@code c} fed to the
 * session the registry already holds, so a supervised diffusion model needs no session of its own. Only
 * conditional calls: supervised diffusion always conditions on the image.
 */
final class OnnxModelEps implements EpsFunction {
    private final OnnxModel model;
    private final long[] sampleShape;
    private final long[] conditionShape;

    OnnxModelEps(OnnxModel model, DiffusionSettings settings) {
        this.model = model;
        this.sampleShape = withBatch(settings.sampleShape());
        this.conditionShape = withBatch(settings.conditionShape());
    }

    @Override
    public float[] apply(float[] x, int n, float[] t, float[] c) {
        if (c == null) {
            throw new IllegalStateException("supervised diffusion evaluates its eps-model with the image as condition");
        }
        sampleShape[0] = n;
        conditionShape[0] = n;
        try {
            return model.run(Map.of("input", NamedTensor.ofFloats("input", sampleShape.clone(), x),
                    "t", NamedTensor.ofFloats("t", new long[] {n}, t),
                    "c", NamedTensor.ofFloats("c", conditionShape.clone(), c))).require(model.manifest().output().name()).toFloatArray();
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("eps-model evaluation failed: " + e.getMessage(), e);
        }
    }

    private static long[] withBatch(List<Integer> shape) {
        long[] s = new long[shape.size() + 1];
        for (int i = 0; i < shape.size(); i++) {
            s[i + 1] = shape.get(i);
        }
        return s;
    }
}
