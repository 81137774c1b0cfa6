package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flemme4j.protocol.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNet, the densely connected UNet: parameter count and output shape equal upstream's, every output is finite,
 * our ONNX export reproduces DJL inference (max |diff| ≤ 1e-4), and (for one 2D, two 3D, an AE and an HSeM case)
 * one Adam step gives a finite loss.
 *
 * <p>Expected counts (and the output shapes, which upstream's forward pass gave as the input's with one channel)
 * were measured with {@code src/test/resources/reference/dnet_counts.py}, whose header has the command; it
 * builds the same model sections (patch_channel 8, in/out 1, the keys below) with upstream 86abf06 on Debian's
 * python3-torch 1.13 and prints {@code sum(p.numel() for p in create_model(cfg).parameters())}.
 */
class DNetTest {
    private static final Logger LOG = LoggerFactory.getLogger(DNetTest.class);

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "SeM  | image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32] | 570793 | true",
        "SeM  | image_size: [32, 32];building_block: res;down_channels: [8, 16, 16, 32];middle_channels: [32, 64];final_channels: [8];channel_attention: eca | 7330546 | false",
        "SeM  | image_size: [16, 16, 16];down_channels: [8, 16];middle_channels: [16];dsample_function: max_pooling | 292561 | true",
        "SeM  | image_size: [32, 64];down_channels: [8, 16, 16];shape_scaling: [2, 4, 2];middle_channels: [32];down_attens: [null, null, atten] | 1838633 | false",
        "SeM  | image_size: [24, 32];down_channels: [8, 16, 16];shape_scaling: [2, 1, 2];middle_channels: [32] | 250489 | false",
        "SeM  | image_size: [48, 48];down_channels: [8, 16];shape_scaling: [2, 3];middle_channels: [32] | 248977 | false",
        "SeM  | image_size: [8, 8, 16];patch_size: 1;building_block: double;normalization: batch;down_channels: [8, 8, 16];middle_channels: [16];dsample_function: avg_pooling;num_blocks: 1 | 1599329 | true",
        "SeM  | image_size: [32, 32];normalization: instance;activation: silu;down_channels: [16, 16, 32];middle_channels: [32, 64];abs_pos_embedding: true;depthwise: true | 1761241 | false",
        "AE   | image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32] | 570793 | true",
        "HSeM | image_size: [32, 32];down_channels: [16, 16, 32];middle_channels: [32] | 981203 | true",
    })
    void matchesUpstreamAndExports(String model, String encoderKeys, long expectedCount, boolean trains) throws Exception {
        Engine.getInstance().setRandomSeed(13);
        try (FlemmeModel m = ModelFactory.create(TestConfigs.spec(yaml(model, encoderKeys)), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expectedCount, m.parameterCount(), m.summary());
            long[] expectedShape = m.inputShape(2).getShape().clone();
            assertArrayEquals(expectedShape, m.outputShape(2).getShape());
            NDArray y = m.predict(manager.randomNormal(m.inputShape(2)));
            assertArrayEquals(expectedShape, y.getShape().getShape());
            assertTrue(y.isInfinite().logicalOr(y.isNaN()).none().getBoolean(), "non-finite DJL output");

            double diff = OnnxParityTest.maxAbsDiff(m, OnnxExport.toBytes(m), 2);
            LOG.info("{} {}: {} parameters, max |ORT - DJL| = {}", model, encoderKeys, m.parameterCount(), diff);
            assertTrue(diff <= 1e-4, "max |diff| " + diff);

            if (!trains) {
                return; // a training step per architecture and dimension is enough; the suite runs on 2 shared cores
            }
            float loss = trainOneStep(m);
            assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss + " " + m.lastLossTerms());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no middle stage     | SeM | image_size: [16, 16];down_channels: [8, 16]                        | model.encoder.middle_channels | DNet needs at least one middle stage",
        "one down stage      | SeM | image_size: [16, 16];down_channels: [8];middle_channels: [16]       | model.encoder.down_channels   | DNet needs at least 2 down-sampling stages",
        "up not reversed     | SeM | image_size: [16, 16];down_channels: [8, 16];up_channels: [8, 16];middle_channels: [16] | model.encoder.up_channels | up_channels must be down_channels reversed",
        "dense layers        | SeM | image_size: [16, 16];down_channels: [8, 16];middle_channels: [16];dense_channels: [32] | model.encoder.dense_channels | DNet does not support dense layers",
        "VAE                 | VAE | image_size: [16, 16];down_channels: [8, 16];middle_channels: [16]   | model.encoder.name            | DNet is U-shaped",
        "ClM                 | ClM | image_size: [16, 16];down_channels: [8, 16];middle_channels: [16]   | model.encoder.name            | DNet has no dense layers",
    })
    void rejectsWhatUpstreamCannotBuild(String label, String model, String encoderKeys, String path, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfigs.spec(yaml(model, encoderKeys)));
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /** The model section dnet_counts.py builds: losses without parameters, patch_channel 8, in/out 1. */
    private static String yaml(String model, String encoderKeys) {
        String losses = switch (model) {
            case "SeM", "HSeM" -> "  segmentation_losses: [{name: Dice}]\n";
            case "ClM" -> "";
            default -> "  reconstruction_losses: [{name: MSE}]\n";
        };
        return "model:\n  name: " + model + "\n" + losses + """
                  encoder:
                    name: DNet
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 8
                """ + TestConfigs.indent(encoderKeys.replace(';', '\n'));
    }

    /** One Adam step through the architecture's own loss and labels. */
    private static float trainOneStep(FlemmeModel m) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(m.trainingLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Trainer trainer = m.djlModel().newTrainer(config);
                NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.randomNormal(m.inputShape(2));
            NDArray y = step.randomUniform(0, 1, m.outputShape(2)).gt(0.5).toType(DataType.FLOAT32, false);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray loss = m.trainingLoss().evaluate(m.lossLabels(x, y), prediction);
                gc.backward(loss);
                trainer.step();
                return loss.getFloat();
            }
        }
    }
}
