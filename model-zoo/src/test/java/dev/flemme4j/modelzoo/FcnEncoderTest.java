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
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.protocol.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector encoder FCN (2024 name PointWise) in Base, AE and ClM: parameter counts against upstream, DJL vs
 * ONNX Runtime, a few training steps, and refused configurations.
 */
class FcnEncoderTest {
    private static final Logger LOG = LoggerFactory.getLogger(FcnEncoderTest.class);
    private static final double TOLERANCE = 1e-4;

    /** The LDPM eps_model of the 2024 docs (SEED-model-architectures.txt), as written there. */
    static final String SEED_EPS_MODEL = """
            model:
              time_channel: 128
              encoder:
                name: PointWise
                in_channel: 1024
                dense_channels: [1024, 2048, 4096]
                building_block: res_dense
                activation: silu
                normalization: layer
                dropout: 0.1
                data_form: VEC
            """;

    private static ModelSpec buildable(String yaml) {
        return ModelSpecs.parseBuildable(TestConfigs.modelSection(yaml));
    }

    /** {@code model: {name, <model lines>, encoder: {name: FCN, <encoder lines>}}}, lines separated by ';'. */
    private static String model(String name, String modelLines, String encoderLines) {
        StringBuilder y = new StringBuilder("model:\n  name: " + name + "\n");
        for (String l : modelLines.split(";")) {
            if (!l.isBlank()) {
                y.append("  ").append(l.strip()).append('\n');
            }
        }
        y.append("  encoder:\n    name: FCN\n");
        for (String l : encoderLines.split(";")) {
            if (!l.isBlank()) {
                y.append("    ").append(l.strip()).append('\n');
            }
        }
        return y.toString();
    }

    /**
     * Expected counts and output widths from {@code src/test/resources/reference/fcn_counts.py}
     * ({@code FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 fcn_counts.py}: upstream HEAD 86abf06 on Debian's torch
     * 1.13, printing {@code sum(p.numel() for p in create_model(cfg).parameters())} and the forward output shape).
     * For Base and AE the script binds the name upstream's FCNDecoder leaves undefined to the latent width; ClM
     * runs upstream unchanged. The seed row is checked separately, in its 2024 spelling.
     */
    @ParameterizedTest(name = "{0} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "clm-dense-group          | ClM  |  | in_channel: 16;out_channel: 4;building_block: dense;seq_feature_channels: [32, 64] | 4532 | 4",
        "clm-res-batch-1block     | ClM  |  | in_channel: 12;out_channel: 3;building_block: res_dense;normalization: batch;num_blocks: 1;seq_feature_channels: [24, 48] | 6483 | 3",
        "clm-double-layer-3blocks | ClM  |  | in_channel: 10;out_channel: 5;building_block: double_fc;normalization: layer;num_blocks: 3;activation: silu | 153093 | 5",
        "base-res-group-time32    | Base | time_channel: 32 | in_channel: 16;building_block: res_fc;seq_feature_channels: [32, 48];activation: relu | 45312 | 16",
        "base-double-time16-bias  | Base | time_channel: 16;time_injection: bias | in_channel: 8;out_channel: 6;building_block: double_dense;normalization: layer;num_blocks: 1;seq_feature_channels: [16] | 2054 | 6",
        "ae-dense-default         | AE   | reconstruction_losses: [{name: MSE}] | in_channel: 16;building_block: dense | 40080 | 16",
    })
    void countsAndShapesMatchUpstream(String name, String architecture, String modelLines, String encoderLines,
            long expected, int outWidth) {
        Engine.getInstance().setRandomSeed(3);
        ModelSpec spec = buildable(model(architecture, modelLines == null ? "" : modelLines, encoderLines));
        assertEquals(EncoderKind.FCN, spec.encoder().kind());
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expected, model.parameterCount(), name);
            NDList inputs = new NDList(m.randomNormal(model.inputShape(2)));
            if (model.inputNames().contains(ModelSpec.TIME_STEP)) {
                inputs.add(m.create(new float[] {3f, 7f}));
            }
            assertArrayEquals(new long[] {2, outWidth}, model.predict(inputs).getShape().getShape(), name);
        }
    }

    /** The seed's eps_model (PointWise, dense_channels) is upstream's FCN with seq_feature_channels: fcn_counts.py "seed-ldpm-eps". */
    @Test
    void seedEpsModelBuildsAsBaseWithUpstreamCount() {
        ModelSpec seed = buildable(SEED_EPS_MODEL);
        ModelSpec current = buildable(SEED_EPS_MODEL.replace("PointWise", "FCN").replace("dense_channels", "seq_feature_channels"));
        assertEquals(current, seed, "PointWise/dense_channels are the 2024 spellings of FCN/seq_feature_channels");
        assertEquals("Base", seed.name());
        assertEquals(List.of("input", "t"), seed.inputNames());
        try (FlemmeModel model = ModelFactory.create(seed, Device.cpu())) {
            assertEquals(145707264L, model.parameterCount());
            assertArrayEquals(new long[] {1, 1024}, model.outputShape(1).getShape());
            LOG.info("seed eps_model:\n{}", model.summary());
        }
    }

    /** FCN embedding a vector condition for a UNet (fcn_counts.py "cond-fcn-injection-unet": 239097, output (2, 1, 16, 16)). */
    @Test
    void fcnEmbedsAConditionForAnImageModel() throws Exception {
        String yaml = """
                model:
                  name: Base
                  time_channel: 32
                  condition_embedding:
                    combine_condition: injection
                    encoder: {name: FCN, in_channel: 6, out_channel: 6, building_block: res_dense, seq_feature_channels: [32, 48]}
                  encoder: {name: UNet, image_size: [16, 16], in_channel: 1, patch_channel: 8, down_channels: [16, 32], middle_channels: [64], normalization: group}
                """;
        Engine.getInstance().setRandomSeed(29);
        try (FlemmeModel model = ModelFactory.create(buildable(yaml), Device.cpu())) {
            assertEquals(239097L, model.parameterCount());
            assertEquals(List.of("input", "t", "c"), model.inputNames());
            assertArrayEquals(new long[] {2, 6}, model.inputShape("c", 2).getShape());
            double diff = OnnxParityTest.maxAbsDiff(model, OnnxExport.toBytes(model), 2);
            LOG.info("FCN condition embedding: max |ORT - DJL| = {}", diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Base|time_channel: 32|in_channel: 16;building_block: res_fc;seq_feature_channels: [32, 48];activation: relu",
        "Base|time_channel: 16;time_injection: bias|in_channel: 8;out_channel: 6;building_block: double_dense;normalization: layer;num_blocks: 1;seq_feature_channels: [16]",
        "Base|time_channel: 24;time_injection: gate|in_channel: 12;building_block: res_dense;normalization: layer;activation: silu;dropout: 0.1;seq_feature_channels: [32, 64]",
        "Base||in_channel: 12;building_block: dense;normalization: batch;seq_feature_channels: [24]",
        "AE|reconstruction_losses: [{name: MSE}]|in_channel: 16;building_block: dense",
        "ClM||in_channel: 10;out_channel: 5;building_block: double_fc;normalization: layer;num_blocks: 3;activation: gelu",
        "ClM||in_channel: 12;out_channel: 3;building_block: res_dense;normalization: group;num_norm_groups: 4;seq_feature_channels: [24, 48]",
    })
    void onnxMatchesDjl(String line) throws Exception {
        String[] parts = line.split("\\|", -1);
        Engine.getInstance().setRandomSeed(17);
        try (FlemmeModel model = ModelFactory.create(buildable(model(parts[0], parts[1], parts[2])), Device.cpu())) {
            double diff = OnnxParityTest.maxAbsDiff(model, OnnxExport.toBytes(model), 3);
            LOG.info("{}: inputs {}, max |ORT - DJL| = {}", line, model.inputNames(), diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    @Test
    void timeStepChangesTheOutput() {
        // guards the parity tests against a time input that both sides silently ignore
        Engine.getInstance().setRandomSeed(19);
        try (FlemmeModel model = ModelFactory.create(buildable(model("Base", "time_channel: 32",
                "in_channel: 16;building_block: res_dense;seq_feature_channels: [32]")), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomNormal(model.inputShape(1));
            NDArray early = model.predict(new NDList(x, m.create(new float[] {1f})));
            NDArray late = model.predict(new NDList(x, m.create(new float[] {900f})));
            assertTrue(early.sub(late).abs().max().getFloat() > 1e-4, "t had no effect");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ClM||in_channel: 16;out_channel: 4;building_block: res_dense;seq_feature_channels: [32, 64];dropout: 0.1",
        "AE|reconstruction_losses: [{name: MSE}]|in_channel: 16;building_block: double_dense;normalization: layer;seq_feature_channels: [32]",
    })
    void trainingStepsAreFinite(String line) {
        String[] parts = line.split("\\|", -1);
        Engine.getInstance().setRandomSeed(23);
        ModelSpec spec = TestConfigs.spec(model(parts[0], parts[1], parts[2]));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            List<Float> losses = new ArrayList<>();
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                // one batch seen five times: one-hot classes for ClM (AE reconstructs x)
                NDArray x = trainer.getManager().randomNormal(model.inputShape(8));
                int width = (int) model.outputShape(1).get(1);
                NDArray y = trainer.getManager().arange(8).mod(width).oneHot(width);
                for (int s = 0; s < 5; s++) {
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList prediction = trainer.forward(new NDList(x));
                            NDArray loss = model.trainingLoss().evaluate(model.lossLabels(x, y), prediction);
                            losses.add(loss.getFloat());
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                }
            }
            LOG.info("{}: losses {}", line, losses);
            assertTrue(losses.stream().allMatch(Float::isFinite), "losses " + losses);
            // dropout makes single steps noisy: ask only that some later step beats the first
            assertTrue(losses.subList(1, losses.size()).stream().anyMatch(l -> l < losses.get(0)),
                    "five Adam steps on one batch never lowered the loss: " + losses);
        }
    }

    /** Bad values: the error names the YAML path and says why. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Base|time_channel: 8|in_channel: 16                                                       | model.encoder.building_block | required for FCN",
        "Base||in_channel: 16;building_block: res                                                | model.encoder.building_block | res",
        "Base||in_channel: 16;building_block: dense;seq_feature_channels: []                      | model.encoder.seq_feature_channels | at least one width",
        "Base||in_channel: 16;building_block: dense;seq_feature_channels: [32, -4]                | model.encoder.seq_feature_channels[1] | positive",
        "Base||in_channel: 16;building_block: dense;seq_feature_channels: 32                      | model.encoder.seq_feature_channels | list",
        "Base||in_channel: 16;building_block: dense;dense_channels: [8];seq_feature_channels: [8] | model.encoder.dense_channels | two spellings",
        "Base||in_channel: 16;building_block: dense;seq_feature_channels: [12]                    | model.encoder.num_norm_groups | 12",
        "Base||in_channel: 16;building_block: dense;normalization: instance                      | model.encoder.normalization | instance",
        "Base||in_channel: 16;building_block: dense;dropout: 1.5                                 | model.encoder.dropout | [0, 1)",
        "Base||in_channel: 16;building_block: dense;data_form: IMG                               | model.encoder.data_form | VEC",
        "Base||in_channel: 16;building_block: dense;decoder_dense_channels: [8]                  | model.encoder.decoder_dense_channels | does not read",
        "Base||in_channel: 16;building_block: dense;image_size: [8, 8]                           | model.encoder.image_size | ",
        "Base||building_block: dense                                                             | model.encoder.in_channel | required",
        "Base||in_channel: 0;building_block: dense                                               | model.encoder.in_channel | positive",
        "SeM||in_channel: 16;building_block: dense                                               | model.encoder.name | Base, AE, ClM",
        "VAE||in_channel: 16;building_block: dense                                               | model.encoder.name | Base, AE, ClM",
        "Base|condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 2}}|in_channel: 16;building_block: dense | model.condition_embedding | condition",
        "ClM||in_channel: 16;building_block: dense;vector_embedding: false                       | model.encoder.vector_embedding | always a vector",
    })
    void badValuesNameTheirPath(String architecture, String modelLines, String encoderLines, String path, String fragment) {
        String yaml = model(architecture, modelLines == null ? "" : modelLines, encoderLines);
        ConfigException e = assertThrows(ConfigException.class, () -> buildable(yaml), yaml);
        assertEquals(path, e.path(), e.getMessage());
        if (fragment != null) {
            assertTrue(e.reason().contains(fragment), e.getMessage());
        }
    }
}
