package dev.flemme4j.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.DjlEpsFunction;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.diffusion.DiffusionSampler;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.EpsFunction;
import dev.flemme4j.protocol.diffusion.GaussianNoise;
import dev.flemme4j.protocol.diffusion.SampleRequest;
import dev.flemme4j.serving.sampling.OrtEpsFunction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DDIM-50 sampling cost, measured in one run on one model (the MNIST-sized class-conditional UNet eps-model of
 * configs/mnist-cddim.yaml with res blocks, untrained weights: the cost does not depend on them): end-to-end ORT
 * sampling against 50 bare ORT eps-model calls of the batch the sampler evaluates per step (the loop's own overhead),
 * and ORT against DJL eager sampling; once conditional without guidance (batch n) and once guided (one call over
 * the 2n batch with the condition mask per step). Prints JSON lines, then the ratios.
 *
 * <pre>java -cp bench/target/... dev.flemme4j.bench.SamplingBench [batch=16] [repeats=3]</pre>
 */
public final class SamplingBench {
    private static final String MODEL = "name: DDIM\nnum_steps: 1000\nnum_sample_steps: 50\n"
            + "classifier_free_guidance: {condition_dropout: 0.2, guidance_weight: 2.0}\neps_model:\n  time_channel: 64\n"
            + "  condition_embedding:\n    merge_timestep_and_condition: true\n"
            + "    encoder: {name: OneHot, type: categories, out_channel: 64, num_classes: 10}\n"
            + "  encoder: {name: UNet, image_size: [28, 28], in_channel: 1, out_channel: 1, patch_size: 1, down_channels: [16, 32],"
            + " middle_channels: [64, 64], building_block: res, activation: silu, normalization: group, num_norm_groups: 8}\n";

    private SamplingBench() {
    }

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Engine.getInstance().setRandomSeed(1);
        DiffusionModelSpec spec = (DiffusionModelSpec) ModelSpecs.parseBuildable(YamlDocument.parse(MODEL));
        Path dir = Files.createTempDirectory("sampling-bench");
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            Path onnx = dir.resolve("eps.onnx");
            Path masked = dir.resolve("eps_guided.onnx");
            Files.write(onnx, OnnxExport.toBytes(model));
            Files.write(masked, OnnxExport.toBytesWithConditionMask(model));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            DiffusionSettings s = spec.settings();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                    OrtSession guidedSession = env.createSession(masked.toString(), new OrtSession.SessionOptions())) {
                EpsFunction ort = new OrtEpsFunction(env, session, null, guidedSession, s);
                EpsFunction djl = new DjlEpsFunction(model);
                float[] c = classes(batch);
                SampleRequest plain = new SampleRequest("ddim", batch, 50, 0.0, 0.0, c, 3, null);
                SampleRequest guided = new SampleRequest("ddim", batch, 50, 0.0, 2.0, c, 3, null);
                DiffusionSampler ortSampler = new DiffusionSampler(s, ort);
                DiffusionSampler djlSampler = new DiffusionSampler(s, djl);
                // warm-up: sessions, allocator, JIT, both batch sizes
                ortSampler.sample(new SampleRequest("ddim", batch, 5, 0.0, 2.0, c, 1, null));
                ortSampler.sample(new SampleRequest("ddim", batch, 5, 0.0, 0.0, c, 1, null));
                djlSampler.sample(new SampleRequest("ddim", batch, 5, 0.0, 2.0, c, 1, null));
                double[] p = measure("conditional", batch, repeats, ort, ortSampler, djlSampler, plain, c, false);
                double[] g = measure("guided", batch, repeats, ort, ortSampler, djlSampler, guided, c, true);
                System.out.printf("{\"batch\": %d, \"best_of\": %d, \"ddim50_over_50_eps_calls\": %.3f, \"djl_over_ort\": %.2f,"
                        + " \"guided_ddim50_over_50_eps_calls_of_2n\": %.3f, \"guided_djl_over_ort\": %.2f}%n",
                        batch, repeats, p[1] / p[0], p[2] / p[1], g[1] / g[0], g[2] / g[1]);
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Best-of-{@code repeats} times in ms: 50 bare ORT eps calls of the batch the sampler evaluates per step (n, or
     * 2n with the condition mask for guidance), ORT DDIM-50 end to end, DJL DDIM-50 end to end.
     */
    private static double[] measure(String label, int n, int repeats, EpsFunction ort, DiffusionSampler ortSampler,
            DiffusionSampler djlSampler, SampleRequest r, float[] c, boolean guided) {
        int m = guided ? 2 * n : n;
        float[] x = new GaussianNoise(2).sample(m * ortSampler.settings().sampleSize());
        float[] t = new float[m];
        java.util.Arrays.fill(t, 500);
        float[] c2 = guided ? concat(c, c) : c;
        float[] keep = new float[m];
        java.util.Arrays.fill(keep, 0, n, 1f);
        double bare = Double.MAX_VALUE;
        double ortRun = Double.MAX_VALUE;
        double djlRun = Double.MAX_VALUE;
        for (int rep = 0; rep < repeats; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                if (guided) {
                    ort.applyMasked(x, m, t, c2, keep);
                } else {
                    ort.apply(x, m, t, c2);
                }
            }
            bare = Math.min(bare, (System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            ortSampler.sample(r);
            ortRun = Math.min(ortRun, (System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            djlSampler.sample(r);
            djlRun = Math.min(djlRun, (System.nanoTime() - t0) / 1e6);
            System.out.printf("{\"case\": \"%s\", \"repeat\": %d, \"eps_batch\": %d, \"ort_50_eps_calls_ms\": %.1f,"
                    + " \"ort_ddim50_ms\": %.1f, \"djl_ddim50_ms\": %.1f}%n", label, rep, m, bare, ortRun, djlRun);
        }
        return new double[] {bare, ortRun, djlRun};
    }

    /** One-hot class vectors 0, 1, 2, … for {@code n} samples. */
    private static float[] classes(int n) {
        float[] c = new float[n * 10];
        for (int i = 0; i < n; i++) {
            c[i * 10 + i % 10] = 1f;
        }
        return c;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
