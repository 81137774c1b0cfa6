package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EnsembleMean;
import dev.flemme4j.protocol.diffusion.EpsFunction;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.diffusion.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ensemble mean of supervised diffusion: all members of all images go through the sampler as one batch, each
 * conditioned on its own image, from its own noise; the answer is their mean per image.
 */
class EnsembleMeanTest {
    private final DiffusionSettings settings = ((SupervisedDiffusionModelSpec) SupervisedDiffusionStepsTest
            .spec(SupervisedDiffusionStepsTest.SDIM)).diffusion().settings();

    /** An eps-model that knows the answer: its ε makes the predicted x0 equal to the condition. */
    private final class Oracle implements EpsFunction {
        final NoiseSchedule schedule = settings.schedule();
        final List<Integer> batchSizes = new ArrayList<>();
        final List<float[]> conditions = new ArrayList<>();

        @Override
        public float[] apply(float[] x, int n, float[] t, float[] c) {
            batchSizes.add(n);
            conditions.add(c.clone());
            float[] eps = new float[x.length];
            int per = x.length / n;
            for (int i = 0; i < x.length; i++) {
                double ab = schedule.alphaBar((int) t[i / per]);
                eps[i] = (float) ((x[i] - Math.sqrt(ab) * c[i]) / Math.sqrt(1 - ab));
            }
            return eps;
        }
    }

    @Test
    void oneBatchOfAllMembersPerStepAndTheMeanPerImage() {
        Oracle oracle = new Oracle();
        EnsembleMean ensemble = new EnsembleMean(new DiffusionSampler(settings, oracle), 3);
        int n = 2;
        float[] images = new float[n * 64];
        for (int i = 0; i < images.length; i++) {
            images[i] = i < 64 ? 0.8f : -0.3f;
        }
        float[] mean = ensemble.run(n, images, 5);
        assertEquals(settings.numSampleSteps(), oracle.batchSizes.size(), "one eps-model call per DDIM step");
        assertTrue(oracle.batchSizes.stream().allMatch(b -> b == n * 3), "every call holds n x num_ensemble samples: " + oracle.batchSizes);
        float[] c = oracle.conditions.get(0);
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(images, java.util.Arrays.copyOfRange(c, e * images.length, (e + 1) * images.length), 0f,
                    "member " + e + " is conditioned on the images in order");
        }
        assertEquals(images.length, mean.length);
        // the last DDIM step leaves sqrt(1 - alpha_bar_0) of each member's noise; averaging shrinks it
        double worst = 0;
        for (int i = 0; i < mean.length; i++) {
            worst = Math.max(worst, Math.abs(mean[i] - images[i]));
        }
        assertTrue(worst < 0.2, "the mean is the oracle's answer up to the last step's noise, max diff " + worst);
        float[] single = new EnsembleMean(new DiffusionSampler(settings, new Oracle()), 1).run(n, images, 5);
        assertTrue(!java.util.Arrays.equals(single, mean), "three members are not one member");
    }

    @Test
    void imagesOfTheWrongSizeNameTheInput() {
        EnsembleMean ensemble = new EnsembleMean(new DiffusionSampler(settings, new Oracle()), 2);
        InvalidSampleRequestException e = assertThrows(InvalidSampleRequestException.class, () -> ensemble.run(2, new float[64], 0));
        assertEquals("input", e.field());
        assertThrows(IllegalArgumentException.class, () -> new EnsembleMean(new DiffusionSampler(settings, new Oracle()), 0));
    }
}
