package dev.flemme4j.cli.diffusion;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.DiffusionObjective;
import dev.flemme4j.protocol.config.YamlDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny diffusion models on 8×8 single-channel images whose pixels all equal {@code value(class)}: quick to
 * train, and a trained model's samples are easy to judge (they should come out near flat at that value).
 */
final class TinyDiffusion {
    static final int CLASSES = 4;

    private TinyDiffusion() {
    }

    static String yaml(String name, String extra, boolean conditional) {
        return "model:\n  name: " + name + "\n" + extra
                + "  eps_model:\n    name: Base\n    time_channel: 16\n"
                + "    encoder: {name: UNet, image_size: [8, 8], in_channel: 1, out_channel: 1, patch_size: 1,"
                + " down_channels: [8, 16], middle_channels: [32, 32], building_block: single, normalization: group,"
                + " num_norm_groups: 4, activation: silu}\n"
                + (conditional ? "    condition_embedding:\n      merge_timestep_and_condition: true\n"
                        + "      encoder: {name: OneHot, num_classes: " + CLASSES + ", out_channel: 16, apply_onehot: true}\n" : "");
    }

    static FlemmeModel build(String yaml, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        DiffusionModelSpec spec = (DiffusionModelSpec) ModelSpecs.parseBuildable(YamlDocument.parse(yaml).requireNode("model"));
        return ModelFactory.create(spec, Device.cpu());
    }

    static float value(int cls) {
        return cls / (float) (CLASSES - 1) - 0.5f;
    }

    /** Adam steps on flat images; returns the loss of every step. */
    static List<Float> train(FlemmeModel model, int steps, int batch, float lr, boolean conditional) {
        DiffusionObjective objective = new DiffusionObjective((DiffusionModelSpec) model.spec(), 11);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                .optDevices(new Device[] {Device.cpu()});
        List<Float> losses = new ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        try (Trainer trainer = model.djlModel().newTrainer(config)) {
            for (int s = 0; s < steps; s++) {
                try (NDManager m = trainer.getManager().newSubManager()) {
                    float[] x = new float[batch * 64];
                    float[] c = new float[batch];
                    for (int i = 0; i < batch; i++) {
                        int cls = conditional ? r.nextInt(CLASSES) : CLASSES - 1;
                        c[i] = cls;
                        java.util.Arrays.fill(x, i * 64, (i + 1) * 64, value(cls));
                    }
                    NDArray x0 = m.create(x, model.inputShape(batch));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = objective.loss(x0, conditional ? m.create(c) : null, in -> trainer.forward(in).head());
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    trainer.step();
                }
            }
        }
        return losses;
    }

}
