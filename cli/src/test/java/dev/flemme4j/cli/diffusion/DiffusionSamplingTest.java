package dev.flemme4j.cli.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.DjlEpsFunction;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.GaussianNoise;
import dev.flemme4j.protocol.diffusion.InvalidSampleRequestException;
import dev.flemme4j.protocol.diffusion.SampleRequest;
import dev.flemme4j.serving.sampling.OrtEpsFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared samplers around a trained eps-model: DJL eager and ONNX Runtime give the same images, and a
 * DDPM-trained checkpoint samples as DDIM without retraining.
 */
class DiffusionSamplingTest {

    @Test
    void ortAndDjlGiveTheSameGuidedDdimSamples(@TempDir Path dir) throws Exception {
        String yaml = TinyDiffusion.yaml("DDIM", "  num_steps: 1000\n  num_sample_steps: 50\n  beta_schedule: consine\n"
                + "  classifier_free_guidance: {condition_dropout: 0.2, guidance_weight: 2.0}\n", true);
        try (FlemmeModel model = TinyDiffusion.build(yaml, 3)) {
            List<Float> losses = TinyDiffusion.train(model, 3, 4, 2e-3f, true);
            assertTrue(losses.stream().allMatch(Float::isFinite), losses.toString());
            DiffusionSettings settings = ((DiffusionModelSpec) model.spec()).settings();
            Files.write(dir.resolve("eps.onnx"), OnnxExport.toBytes(model));
            Files.write(dir.resolve("eps_uncond.onnx"), OnnxExport.toBytes(model, false));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession c = env.createSession(dir.resolve("eps.onnx").toString());
                 OrtSession u = env.createSession(dir.resolve("eps_uncond.onnx").toString())) {
                float[] cond = {0, 1, 2, 3};
                SampleRequest r = new SampleRequest("ddim", 4, 50, 0.0, 2.0, cond, 42, null);
                float[] djl = new DiffusionSampler(settings, new DjlEpsFunction(model)).sample(r);
                float[] ort = new DiffusionSampler(settings, new OrtEpsFunction(env, c, u, settings)).sample(r);
                assertEquals(4 * 64, djl.length);
                double max = 0;
                for (int i = 0; i < djl.length; i++) {
                    max = Math.max(max, Math.abs(djl[i] - ort[i]));
                }
                assertTrue(max <= 1e-3, "max |DJL - ORT| after 50 DDIM steps = " + max);
                // with eta > 0 the noise draws are shared too
                SampleRequest noisy = new SampleRequest("ddim", 2, 20, 1.0, 0.0, null, 9, null);
                float[] a = new DiffusionSampler(settings, new DjlEpsFunction(model)).sample(noisy);
                float[] b = new DiffusionSampler(settings, new OrtEpsFunction(env, c, u, settings)).sample(noisy);
                assertArrayEquals(a, b, 1e-3f);
            }
        }
    }

    @Test
    void ddpmCheckpointSamplesAsDdimWithoutRetraining(@TempDir Path dir) throws Exception {
        // x0-parameterised on flat images: the model only has to learn the constant, so a few steps suffice
        String eps = "  num_steps: 100\n  parameterization: start\n";
        float[] trained;
        try (FlemmeModel ddpm = TinyDiffusion.build(TinyDiffusion.yaml("DDPM", eps, false), 1)) {
            List<Float> losses = TinyDiffusion.train(ddpm, 40, 8, 1e-2f, false);
            assertTrue(mean(losses.subList(30, 40)) < mean(losses.subList(0, 10)), losses.toString());
            ddpm.djlModel().save(dir, "ddpm");
            trained = new DjlEpsFunction(ddpm).apply(new float[64], 1, new float[] {50}, null);
        }
        try (FlemmeModel ddim = TinyDiffusion.build(TinyDiffusion.yaml("DDIM", eps + "  num_sample_steps: 20\n", false), 2)) {
            ddim.djlModel().load(dir, "ddpm");
            DjlEpsFunction f = new DjlEpsFunction(ddim);
            assertArrayEquals(trained, f.apply(new float[64], 1, new float[] {50}, null), 0f, "DDIM reads DDPM's weights");
            DiffusionSettings settings = ((DiffusionModelSpec) ddim.spec()).settings();
            assertEquals("ddim", settings.sampler());
            DiffusionSampler sampler = new DiffusionSampler(settings, f);
            GaussianNoise noise = new GaussianNoise(4);
            float[] start = noise.sample(8 * 64);
            float[] x = sampler.sample(new SampleRequest("ddim", 8, 20, 0.0, 0.0, null, 4, null), start, noise);
            float target = TinyDiffusion.value(TinyDiffusion.CLASSES - 1);
            double before = meanAbs(start, target);
            double after = meanAbs(x, target);
            assertTrue(after < 0.25 * before, "mean |x - " + target + "|: noise " + before + ", DDIM-20 samples " + after);
            InvalidSampleRequestException e = assertThrows(InvalidSampleRequestException.class,
                    () -> sampler.sample(new SampleRequest("ddim", 1, 101, 0, 0, null, 1, null)));
            assertEquals("steps", e.field());
            e = assertThrows(InvalidSampleRequestException.class,
                    () -> sampler.sample(new SampleRequest("ddim", 1, 20, 0, 1.5, null, 1, null)));
            assertEquals("guidance", e.field());
        }
    }

    private static double mean(List<Float> v) {
        return v.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }

    private static double meanAbs(float[] x, float target) {
        double s = 0;
        for (float v : x) {
            s += Math.abs(v - target);
        }
        return s / x.length;
    }
}
