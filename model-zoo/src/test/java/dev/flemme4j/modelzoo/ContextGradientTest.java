package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Base model with a time step and an injected condition trains end to end: a backward pass through it gives
 * finite, non-zero gradients to the time and condition embedders and to every block's injection layers (as a
 * DDPM's ε-model would need; Base itself has no loss, so an L2 loss against a random target stands in).
 */
class ContextGradientTest {

    /**
     * Upstream's SeM builds time layers when time_channel is set but never feeds them a time step; torch's Adam
     * skips parameters without gradient, and the worker's training step (the same as {@link TrainingSteps}) must
     * cope with them too.
     */
    @Test
    void semWithUnusedTimeLayersTrains() {
        Engine.getInstance().setRandomSeed(22);
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(TestConfigs.semUNet("").replace("[64, 64]", "[32, 32]")
                .replace("  segmentation_losses:", "  time_channel: 32\n  segmentation_losses:")), Device.cpu())) {
            assertEquals(List.of("input"), model.inputNames());
            List<Float> losses = TrainingSteps.run(model, new SyntheticSegmentation(4), 2, 2, 32, 1e-3f);
            assertTrue(losses.stream().allMatch(Float::isFinite), losses.toString());
        }
    }

    /** HSeM with an injected condition: one training step with {@code [x, c]} and its own loss reaches the embedder. */
    @Test
    void conditionedHsemTrainsAndItsEmbedderGetsGradients() {
        Engine.getInstance().setRandomSeed(23);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection("""
                model:
                  name: HSeM
                  condition_embedding:
                    combine_condition: injection
                    encoder: {name: OneHot, num_classes: 4, out_channel: 16}
                    decoder: same_as_encoder
                  encoder: {name: UNet, image_size: [16, 16], in_channel: 1, patch_channel: 16, down_channels: [16, 32],
                            middle_channels: [64], building_block: res, normalization: group}
                """));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                Trainer trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(model.trainingLoss())
                        .optDevices(new Device[] {Device.cpu()}));
                NDManager step = trainer.getManager().newSubManager()) {
            assertEquals(List.of("input", "c"), model.inputNames());
            NDArray x = step.randomNormal(model.inputShape(2));
            NDArray y = x.gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            NDArray c = step.create(new float[] {0, 0, 1, 0, 1, 0, 0, 0}, model.inputShape("c", 2));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x, c));
                NDArray loss = model.trainingLoss().evaluate(model.lossLabels(x, y), prediction);
                assertTrue(Float.isFinite(loss.getFloat()), "loss " + loss.getFloat());
                gc.backward(loss);
            }
            int checked = 0;
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                if (p.getKey().contains("en_cemb")) {
                    float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                    assertTrue(Float.isFinite(norm) && norm > 0, p.getKey() + " got gradient norm " + norm);
                    checked++;
                }
            }
            assertEquals(4, checked);
        }
    }

    @Test
    void timeAndConditionLayersGetGradients() {
        Engine.getInstance().setRandomSeed(21);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection("""
                model:
                  name: Base
                  time_channel: 32
                  condition_embedding:
                    combine_condition: injection
                    encoder: {name: OneHot, num_classes: 4, out_channel: 16}
                    decoder: same_as_encoder
                  encoder: {name: UNet, image_size: [16, 16], in_channel: 1, patch_channel: 8, down_channels: [16, 32],
                            middle_channels: [64], building_block: res, normalization: group}
                """));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                Trainer trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                        .optDevices(new Device[] {Device.cpu()}));
                NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.randomNormal(model.inputShape(2));
            NDArray t = step.create(new float[] {10f, 700f});
            NDArray c = step.create(new float[] {0, 1, 0, 0, 0, 0, 0, 1}, model.inputShape("c", 2));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList y = trainer.forward(new NDList(x, t, c));
                gc.backward(trainer.getLoss().evaluate(new NDList(step.randomNormal(y.head().getShape())), y));
            }
            int checked = 0;
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                String name = p.getKey();
                if (name.contains("t_embed") || name.contains("en_cemb") || name.contains("cinj")) {
                    NDArray g = p.getValue().getArray().getGradient();
                    float norm = g.abs().sum().getFloat();
                    assertTrue(Float.isFinite(norm) && norm > 0, name + " got gradient norm " + norm);
                    checked++;
                }
            }
            assertTrue(checked > 20, "only " + checked + " context parameters found");
        }
    }
}
