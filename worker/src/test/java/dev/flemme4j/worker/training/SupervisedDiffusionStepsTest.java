package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.worker.data.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The supervised diffusion objective feeds the eps-model as upstream's {@code diffusion.compute_loss(y, c = x)}: the
 * record's label is the sample that is noised, its image reaches the model untouched as {@code c}.
 */
class SupervisedDiffusionStepsTest {
    static final String SDIM = """
            model:
              name: SDIM
              num_ensemble: 3
              num_steps: 50
              num_sample_steps: 5
              eps_model:
                time_channel: 16
                condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 1}}
                encoder: {name: UNet, image_size: [8, 8], in_channel: 1, out_channel: 1, patch_channel: 8, patch_size: 1,
                          down_channels: [8, 8], middle_channels: [16], normalization: group, num_norm_groups: 4}
              eps_loss: {name: MSE}
            """;

    static ModelSpec spec(String yaml) {
        return ModelSpecs.parse(YamlDocument.parse(yaml).requireNode("model"));
    }

    @Test
    void theLabelIsNoisedAndTheImageIsTheCondition() {
        ModelSpec spec = spec(SDIM);
        List<Sample> batch = List.of(sample("a", 0.25f, 1f), sample("b", -0.5f, 0f));
        List<Sample> otherImages = List.of(sample("a", 0.9f, 1f), sample("b", 0.1f, 0f));
        List<Sample> otherLabels = List.of(sample("a", 0.25f, 0f), sample("b", -0.5f, 1f));
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDList> seen = new ArrayList<>();
            for (List<Sample> b : List.of(batch, otherImages, otherLabels)) {
                // the same seed each time: the same time steps and noise, so only the data differ
                ai.djl.engine.Engine.getInstance().setRandomSeed(11);
                SupervisedDiffusionSteps steps = SupervisedDiffusionSteps.of(spec, true, 4);
                NDArray loss = steps.loss(m, b, in -> {
                    seen.add(new NDList(in.stream().map(NDArray::duplicate).toList()));
                    return in.get(0).zerosLike();
                });
                assertEquals(0, loss.getShape().dimension(), "a scalar loss");
            }
            NDList first = seen.get(0);
            assertEquals(3, first.size(), "input, t and c");
            assertArrayEquals(new long[] {2, 1, 8, 8}, first.get(0).getShape().getShape());
            assertArrayEquals(BatchTensors.stack(m, batch, true).toFloatArray(), first.get(2).toFloatArray(), 0f,
                    "c is the images as they are");
            assertArrayEquals(first.get(0).toFloatArray(), seen.get(1).get(0).toFloatArray(), 1e-6f,
                    "other images, same labels: the noised sample does not change");
            assertFalse(java.util.Arrays.equals(first.get(0).toFloatArray(), seen.get(2).get(0).toFloatArray()),
                    "other labels: the noised sample changes");
        }
    }

    @Test
    void masksAreScoredAsSegmentationAndTargetsAsReconstruction() {
        assertEquals(ModelTask.SEGMENT, SupervisedDiffusionSteps.of(spec(SDIM), true, 0).task());
        assertEquals(ModelTask.RECONSTRUCT, SupervisedDiffusionSteps.of(spec(SDIM), false, 0).task());
        assertNull(SupervisedDiffusionSteps.of(spec(SDIM.replace("name: SDIM", "name: DDIM").replace("  num_ensemble: 3\n", "")),
                true, 0), "plain diffusion has its own steps");
    }

    /** An 8×8 sample whose image is {@code imageValue} everywhere and whose mask is {@code maskValue} on its left half. */
    private static Sample sample(String key, float imageValue, float maskValue) {
        float[] image = new float[64];
        float[] mask = new float[64];
        java.util.Arrays.fill(image, imageValue);
        for (int i = 0; i < 64; i++) {
            mask[i] = i % 8 < 4 ? maskValue : 0;
        }
        return new Sample(key, image, new long[] {1, 8, 8}, mask, new long[] {1, 8, 8});
    }
}
