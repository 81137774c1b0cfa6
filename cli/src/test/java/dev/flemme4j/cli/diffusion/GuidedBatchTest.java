package dev.flemme4j.cli.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.DjlEpsFunction;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EpsFunction;
import dev.flemme4j.protocol.diffusion.SampleRequest;
import dev.flemme4j.serving.sampling.OrtEpsFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifier-free guidance as one eps-model call over the 2n batch [conditional; unconditional] (the condition
 * masked per sample) against the two-call form (the model with {@code c}, then without): the same samples, half
 * the calls, on DJL and on ONNX Runtime.
 */
class GuidedBatchTest {
    private static final int STEPS = 10;
    private static final int N = 4;

    /** Counts calls and evaluated samples; {@code batch = false} hides the mask so the sampler makes two calls. */
    static final class Counting implements EpsFunction {
        private final EpsFunction inner;
        private final boolean batch;
        int calls;
        int samples;

        Counting(EpsFunction inner, boolean batch) {
            this.inner = inner;
            this.batch = batch;
        }

        @Override
        public float[] apply(float[] x, int n, float[] t, float[] c) {
            calls++;
            samples += n;
            return inner.apply(x, n, t, c);
        }

        @Override
        public boolean masksCondition() {
            return batch && inner.masksCondition();
        }

        @Override
        public float[] applyMasked(float[] x, int n, float[] t, float[] c, float[] keep) {
            calls++;
            samples += n;
            return inner.applyMasked(x, n, t, c, keep);
        }
    }

    private static FlemmeModel trainedGuided(String conditionEmbedding) {
        String yaml = TinyDiffusion.yaml("DDIM", "  num_steps: 1000\n  num_sample_steps: 50\n  beta_schedule: consine\n"
                + "  classifier_free_guidance: {condition_dropout: 0.2, guidance_weight: 2.0}\n", true);
        if (conditionEmbedding != null) {
            yaml = yaml.replace("      merge_timestep_and_condition: true\n", conditionEmbedding);
        }
        FlemmeModel model = TinyDiffusion.build(yaml, 3);
        // trained a little so the embedding's biases are not their zero initialisation (a zeroed one-hot would
        // then embed to zero too and hide a missing mask)
        TinyDiffusion.train(model, 4, 4, 5e-3f, true);
        return model;
    }

    private static SampleRequest guided() {
        return new SampleRequest("ddim", N, STEPS, 0.0, 2.0, new float[] {0, 1, 2, 3}, 42, null);
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void djlGuidanceInOneBatchEqualsTwoCalls() {
        try (FlemmeModel model = trainedGuided(null)) {
            DiffusionSettings s = ((DiffusionModelSpec) model.spec()).settings();
            assertTrue(((DiffusionModelSpec) model.spec()).batchGuidable());
            Counting one = new Counting(new DjlEpsFunction(model), true);
            Counting two = new Counting(new DjlEpsFunction(model), false);
            float[] batched = new DiffusionSampler(s, one).sample(guided());
            float[] separate = new DiffusionSampler(s, two).sample(guided());
            double max = maxDiff(batched, separate);
            assertTrue(max <= 1e-5, "max |one batch of 2n - two calls| = " + max);
            assertEquals(STEPS, one.calls, "one call per DDIM step");
            assertEquals(STEPS * 2 * N, one.samples, "each call evaluates 2n samples");
            assertEquals(2 * STEPS, two.calls);
            // the guided result really differs from the conditional pass alone: the unconditional half counts
            float[] conditionalOnly = new DiffusionSampler(s, new DjlEpsFunction(model))
                    .sample(new SampleRequest("ddim", N, STEPS, 0.0, 0.0, new float[] {0, 1, 2, 3}, 42, null));
            assertTrue(maxDiff(batched, conditionalOnly) > 1e-3, "guidance changed nothing");
        }
    }

    @Test
    void ortGuidanceInOneBatchEqualsTwoCalls(@TempDir Path dir) throws Exception {
        try (FlemmeModel model = trainedGuided(null)) {
            DiffusionSettings s = ((DiffusionModelSpec) model.spec()).settings();
            Files.write(dir.resolve("eps.onnx"), OnnxExport.toBytes(model));
            Files.write(dir.resolve("eps_uncond.onnx"), OnnxExport.toBytes(model, false));
            Files.write(dir.resolve("eps_guided.onnx"), OnnxExport.toBytesWithConditionMask(model));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession c = env.createSession(dir.resolve("eps.onnx").toString());
                 OrtSession u = env.createSession(dir.resolve("eps_uncond.onnx").toString());
                 OrtSession m = env.createSession(dir.resolve("eps_guided.onnx").toString())) {
                Counting one = new Counting(new OrtEpsFunction(env, c, u, m, s), true);
                Counting two = new Counting(new OrtEpsFunction(env, c, u, s), true);
                assertFalse(two.masksCondition(), "without the masked graph the ORT function cannot batch");
                float[] batched = new DiffusionSampler(s, one).sample(guided());
                float[] separate = new DiffusionSampler(s, two).sample(guided());
                double max = maxDiff(batched, separate);
                assertTrue(max <= 1e-5, "max |one batch of 2n - two calls| = " + max);
                assertEquals(STEPS, one.calls);
                assertEquals(STEPS * 2 * N, one.samples);
                assertEquals(2 * STEPS, two.calls);
                // and the masked ONNX graph agrees with the masked DJL network
                float[] djl = new DiffusionSampler(s, new DjlEpsFunction(model)).sample(guided());
                assertTrue(maxDiff(batched, djl) <= 1e-3, "ORT vs DJL, both batched: " + maxDiff(batched, djl));
            }
        }
    }

    @Test
    void aProjectedConditionKeepsTwoCalls() {
        // injected through its own gate/bias projection, a zeroed embedding is the projection's bias, not c = None
        String injected = "      combine_condition: injection\n      condition_injection: gate_bias\n";
        try (FlemmeModel model = trainedGuided(injected)) {
            DiffusionSettings s = ((DiffusionModelSpec) model.spec()).settings();
            assertFalse(((DiffusionModelSpec) model.spec()).batchGuidable());
            Counting f = new Counting(new DjlEpsFunction(model), true);
            assertFalse(f.masksCondition());
            new DiffusionSampler(s, f).sample(guided());
            assertEquals(2 * STEPS, f.calls);
        }
    }
}
