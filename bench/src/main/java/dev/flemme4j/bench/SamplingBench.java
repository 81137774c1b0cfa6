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
 * DDIM-50 sampling cost, measured in one run on one model (the MNIST-sized UNet eps-model of configs/mnist-ddpm.yaml,
 * untrained weights: the cost does not depend on them): end-to-end ORT sampling against 50 bare ORT eps-model calls
 * of the same batch (the loop's own overhead), and ORT against DJL eager sampling. Prints JSON lines, then the ratios.
 *
 * <pre>java -cp bench/target/... dev.flemme4j.bench.SamplingBench [batch=16] [repeats=3]</pre>
 */
public final class SamplingBench {
    private static final String MODEL = "name: DDIM\nnum_steps: 1000\nnum_sample_steps: 50\neps_model:\n  time_channel: 64\n"
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
            Files.write(onnx, OnnxExport.toBytes(model));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            DiffusionSettings s = spec.settings();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
                EpsFunction ort = new OrtEpsFunction(env, session, null, s);
                EpsFunction djl = new DjlEpsFunction(model);
                float[] x = new GaussianNoise(2).sample(batch * s.sampleSize());
                float[] t = new float[batch];
                java.util.Arrays.fill(t, 500);
                SampleRequest ddim = new SampleRequest("ddim", batch, 50, 0.0, 0.0, null, 3, null);
                DiffusionSampler ortSampler = new DiffusionSampler(s, ort);
                DiffusionSampler djlSampler = new DiffusionSampler(s, djl);
                // warm-up: sessions, allocator, JIT
                ortSampler.sample(new SampleRequest("ddim", batch, 5, 0.0, 0.0, null, 1, null));
                djlSampler.sample(new SampleRequest("ddim", batch, 5, 0.0, 0.0, null, 1, null));
                double bare = Double.MAX_VALUE;
                double ortRun = Double.MAX_VALUE;
                double djlRun = Double.MAX_VALUE;
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 50; i++) {
                        ort.apply(x, batch, t, null);
                    }
                    bare = Math.min(bare, (System.nanoTime() - t0) / 1e6);
                    t0 = System.nanoTime();
                    ortSampler.sample(ddim);
                    ortRun = Math.min(ortRun, (System.nanoTime() - t0) / 1e6);
                    t0 = System.nanoTime();
                    djlSampler.sample(ddim);
                    djlRun = Math.min(djlRun, (System.nanoTime() - t0) / 1e6);
                    System.out.printf("{\"repeat\": %d, \"ort_50_eps_calls_ms\": %.1f, \"ort_ddim50_ms\": %.1f, \"djl_ddim50_ms\": %.1f}%n",
                            r, bare, ortRun, djlRun);
                }
                System.out.printf("{\"batch\": %d, \"best_of\": %d, \"ddim50_over_50_eps_calls\": %.3f, \"djl_over_ort\": %.2f}%n",
                        batch, repeats, ortRun / bare, djlRun / ortRun);
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }
}
