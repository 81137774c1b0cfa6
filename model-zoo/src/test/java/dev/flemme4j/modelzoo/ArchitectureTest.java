package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every architecture on a small config: trainable-parameter count and output shapes equal upstream's, the ONNX
 * export reproduces DJL inference (max |diff| ≤ 1e-4), and one training step runs through the generic
 * {@code lossLabels} path with a finite loss.
 *
 * <p>Expected counts and shapes were measured on upstream HEAD 86abf06 with Debian python3-torch 1.13
 * ({@code /usr/bin/python3}, scratch setup per /work/shared/STACK.md): {@code create_model(cfg)},
 * {@code sum(p.numel() for p in m.parameters())} and the shapes of {@code m.eval()(randn(2, in, *size))}.
 * Upstream's hierarchical maps are 2 pixels larger per axis than the features (its 1×1 projection keeps the
 * ConvBlock default padding 1): for 32² input, [6², 10², 18²].
 */
class ArchitectureTest {
    private static final Logger LOG = LoggerFactory.getLogger(ArchitectureTest.class);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "AE CNN group    | 255601 | 1,32,32 | {name: AE, encoder: {name: CNN, image_size: [32, 32], in_channel: 1, patch_channel: 16, down_channels: [16, 32], middle_channels: [64, 64]}}",
        "AE UNet sup     | 184353 | 1,32,32 | {name: AE, is_supervised: true, reconstruction_losses: [{name: L1}], encoder: {name: UNet, image_size: [32, 32], in_channel: 2, out_channel: 1, patch_channel: 16, down_channels: [16, 32], middle_channels: [64], normalization: batch}}",
        "VAE map         | 189809 | 1,32,32 | {name: VAE, encoder: {name: CNN, image_size: 32, in_channel: 1, patch_channel: 16, down_channels: [16, 32], middle_channels: [64]}}",
        "VAE vector      | 653329 | 1,32,32 | {name: VAE, encoder: {name: CNN, image_size: 32, in_channel: 1, patch_channel: 16, down_channels: [16, 32], middle_channels: [64], dense_channels: [128, 32], normalization: batch}}",
        "VAE vector 3D   | 290025 | 1,16,16,16 | {name: VAE, encoder: {name: CNN, image_size: [16, 16, 16], in_channel: 1, patch_channel: 8, down_channels: [16], middle_channels: [32], dense_channels: [64], decoder_dense_channels: [48, 16], normalization: layer}}",
        "ClM             | 201498 | 10      | {name: ClM, encoder: {name: CNN, image_size: [32, 32], in_channel: 3, out_channel: 10, patch_channel: 16, down_channels: [16, 32], middle_channels: [64], dense_channels: [128, 64], normalization: group}}",
        "HSeM UNet       | 364106 | 2,32,32 | {name: HSeM, segmentation_losses: [{name: Dice}, {name: BCEL}], encoder: {name: UNet, image_size: [32, 32], in_channel: 1, out_channel: 2, patch_channel: 16, down_channels: [16, 32], middle_channels: [64, 64], normalization: batch}}",
        "HSeM CNN add    | 323254 | 1,32,32 | {name: HSeM, combine: add, encoder: {name: CNN, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 16, down_channels: [16, 32], middle_channels: [64], building_block: res, num_blocks: 1}}",
    })
    void matchesUpstreamAndExportsAndTrains(String label, long expectedCount, String outShape, String model) throws Exception {
        Engine.getInstance().setRandomSeed(11);
        ConfigNode node = YamlDocument.parse("model: " + model).requireNode("model");
        try (FlemmeModel m = ModelFactory.create(ModelSpecs.parse(node), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expectedCount, m.parameterCount(), m.summary());
            long[] expected = concat(2, Arrays.stream(outShape.split(",")).mapToLong(Long::parseLong).toArray());
            assertArrayEquals(expected, m.outputShape(2).getShape());
            NDArray x = manager.randomNormal(m.inputShape(2));
            assertArrayEquals(expected, m.predict(x).getShape().getShape());
            if (m.architecture().startsWith("H")) {
                Shape[] all = m.block().getOutputShapes(new Shape[] {m.inputShape(2)});
                assertEquals(List.of(6L, 10L, 18L), Arrays.stream(all).skip(1).map(s -> s.get(2)).toList(),
                        "hierarchical map sizes as upstream");
            }

            double diff = OnnxParityTest.maxAbsDiff(m, OnnxExport.toBytes(m), 2);
            LOG.info("{}: {} parameters, max |ORT - DJL| = {}", label, m.parameterCount(), diff);
            assertTrue(diff <= 1e-4, "max |diff| " + diff);

            float loss = trainOneStep(m, manager);
            assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss + " " + m.lastLossTerms());
            assertEquals(m.trainingLoss().termNames(), List.copyOf(m.lastLossTerms().keySet()));
        }
    }

    /** One Adam step the way a generic trainer would do it for any architecture. */
    private static float trainOneStep(FlemmeModel m, NDManager manager) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(m.trainingLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Trainer trainer = m.djlModel().newTrainer(config);
                NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.randomNormal(m.inputShape(2));
            NDArray y = step.randomUniform(0, 1, m.outputShape(2)).gt(0.5).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray loss = m.trainingLoss().evaluate(m.lossLabels(x, y), prediction);
                gc.backward(loss);
                trainer.step();
                return loss.getFloat();
            }
        }
    }

    private static long[] concat(long first, long[] rest) {
        long[] out = new long[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
