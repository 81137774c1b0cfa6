package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long runs must not grow memory: after warm-up, a training step must leave no array behind in the model's
 * manager. (Found by the training-step benchmark: reshapes of parameters landed in the model's manager at
 * about 13 MiB per step before blocks moved them into the step's scope.)
 */
class TrainingMemoryTest {
    @ParameterizedTest
    @ValueSource(strings = {"normalization: batch", "normalization: group\nnum_norm_groups: 4",
            "normalization: layer", "normalization: batch\ndown_attens: [atten, fft_atten]\nmiddle_attens: [null, 2xatten]\nchannel_attention: eca-ns\nabs_pos_embedding: true"})
    void trainingStepsLeaveNoArraysInTheModelsManager(String variant) {
        String yaml = TestConfigs.semUNet(variant).replace("image_size: [64, 64]", "image_size: [32, 32]")
                .replace("patch_channel: 32", "patch_channel: 8").replace("down_channels: [64, 128]", "down_channels: [16, 32]")
                .replace("middle_channels: [256, 256]", "middle_channels: [64, 64]");
        Engine.getInstance().setRandomSeed(1);
        SyntheticSegmentation data = new SyntheticSegmentation(3);
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(yaml))) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                NDManager modelManager = model.djlModel().getNDManager();
                step(trainer, model, data); // optimizer state and gradients are created on the first step
                step(trainer, model, data);
                int after2 = count(modelManager);
                for (int i = 0; i < 4; i++) {
                    step(trainer, model, data);
                }
                assertEquals(after2, count(modelManager), "arrays left in the model's manager by 4 more steps");
            }
        }
    }

    private static void step(Trainer trainer, FlemmeModel model, SyntheticSegmentation data) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray[] xy = data.batch(step, 4, 32);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(xy[0]));
                gc.backward(model.trainingLoss().evaluate(model.lossLabels(xy[0], xy[1]), prediction));
            }
            trainer.step();
        }
    }

    /** Arrays held by a manager (DJL counts its sub-managers' arrays too). */
    private static int count(NDManager m) {
        return m.getManagedArrays().size();
    }
}
