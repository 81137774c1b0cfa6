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
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.YamlDocument;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Architectures over point clouds built from their YAML: SeM/PointNet2 and AE/PointNet (folding, Chamfer) learn a
 * fixed batch (falling loss over Adam steps), ClM/PointNet2 and VAE/PointNet give upstream's output shapes, a
 * SeM/PointNet exports to ONNX with the DJL output in ORT, a DDPM with a PointNet eps-model (time step injected in
 * every point-wise block) predicts noise of the cloud's shape and exports, and what is not built yet is refused by its key.
 */
class PointCloudModelsTest {
    private static final String SEM_POINTNET2 = """
            name: SeM
            encoder: {name: PointNet2, in_channel: 3, out_channel: 4, point_num: 48, building_block: dense, num_blocks: 1,
              projection_channel: 16, num_fps_points: [24, 8], num_neighbors_k: 8, neighbor_radius: [0.5, 1.0],
              fps_feature_channels: [16, 32], dense_channels: [32], normalization: group, num_norm_groups: 4,
              vector_embedding: false}
            segmentation_losses: [{name: CE}, {name: Dice, normalization: softmax}]
            """;

    @Test
    void segmentationOverPointNet2LearnsAFixedBatch() {
        Engine.getInstance().setRandomSeed(11);
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(SEM_POINTNET2)), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(-1, 1, new Shape(4, 48, 3));
            // the class of a point is the quarter of [-1, 1] its x coordinate falls in: one-hot, channels last
            NDArray cls = x.get(":, :, 0").add(1).mul(2).floor().clip(0, 3).toType(ai.djl.ndarray.types.DataType.INT64, false);
            NDArray y = cls.oneHot(4);
            List<Float> losses = train(model, x, y, 40, 1e-2f);
            assertArrayEquals(new long[] {4, 48, 4}, model.predict(x).getShape().getShape());
            assertTrue(losses.get(losses.size() - 1) < 0.6 * losses.get(0), "loss " + losses);
        }
    }

    @Test
    void foldingAutoEncoderWithChamferLearnsAFixedBatch() {
        Engine.getInstance().setRandomSeed(12);
        String yaml = """
                name: AE
                encoder: {name: PointNet, in_channel: 3, point_num: 36, building_block: dense, local_feature_channels: [16, 32],
                  dense_channels: [32], folding_times: 2, folding_hidden_channels: [32], normalization: layer}
                reconstruction_losses: [{name: CD}]
                """;
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(yaml)), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(-0.5f, 0.5f, new Shape(2, 36, 3));
            List<Float> losses = train(model, x, x, 40, 3e-3f);
            assertArrayEquals(new long[] {2, 36, 3}, model.predict(x).getShape().getShape());
            assertTrue(losses.get(losses.size() - 1) < 0.5 * losses.get(0), "loss " + losses);
        }
    }

    @Test
    void classificationAndVariationalModelsGiveUpstreamsShapes() {
        String clm = """
                name: ClM
                encoder: {name: PointNet2, in_channel: 3, out_channel: 7, point_num: 32, building_block: dense,
                  num_fps_points: [16, 4], num_neighbors_k: 4, neighbor_radius: [0.5, 1.0], fps_feature_channels: [16, 32], dense_channels: [24]}
                """;
        String vae = """
                name: VAE
                encoder: {name: PointNet, in_channel: 3, point_num: 30, building_block: dense, local_feature_channels: [16, 32],
                  dense_channels: [24]}
                reconstruction_losses: [{name: EMD}]
                """;
        try (FlemmeModel c = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(clm)), Device.cpu());
                FlemmeModel v = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(vae)), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertArrayEquals(new long[] {3, 7}, c.predict(m.randomUniform(-1, 1, new Shape(3, 32, 3))).getShape().getShape());
            assertArrayEquals(new long[] {2, 30, 3}, v.predict(m.randomUniform(-1, 1, new Shape(2, 30, 3))).getShape().getShape());
            assertArrayEquals(new long[] {2, 30, 3}, v.outputShape(2).getShape());
        }
    }

    @Test
    void pointNetSegmentationExportsToOnnxWithDjlsOutput() throws Exception {
        String yaml = """
                name: SeM
                encoder: {name: PointNet, in_channel: 3, out_channel: 5, point_num: 40, building_block: dense, num_neighbors_k: 6,
                  local_feature_channels: [16, 32, 64], dense_channels: [64], decoder_dense_channels: [32], final_channels: [32],
                  vector_embedding: false}
                segmentation_losses: [{name: CE}]
                """;
        Engine.getInstance().setRandomSeed(13);
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(yaml)), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 40, 3));
            float[] expected = model.predict(x).toFloatArray();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(OnnxExport.toBytes(model), new OrtSession.SessionOptions());
                    OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.getShape().getShape());
                    OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, t))) {
                FloatBuffer actual = ((OnnxTensor) result.get(0)).getFloatBuffer();
                assertEquals(expected.length, actual.remaining());
                double max = 0;
                for (float e : expected) {
                    max = Math.max(max, Math.abs(e - actual.get()));
                }
                assertTrue(max <= 1e-4, "max |ORT - DJL| " + max);
            }
        }
        try (FlemmeModel p2 = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(SEM_POINTNET2)), Device.cpu())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> OnnxExport.toBytes(p2));
            assertTrue(e.getMessage().contains("PointNet2"), e.getMessage());
        }
    }

    @Test
    void pointNetServesAsAnEpsModel() throws Exception {
        String yaml = """
                name: DDPM
                eps_model:
                  time_channel: 16
                  encoder: {name: PointNet, in_channel: 3, out_channel: 3, point_num: 32, building_block: dense,
                    local_feature_channels: [16, 32], dense_channels: [32], decoder_dense_channels: [16], final_channels: [16],
                    vector_embedding: false}
                """;
        Engine.getInstance().setRandomSeed(14);
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(yaml)), Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 32, 3));
            NDArray early = model.predict(new NDList(x, m.create(new float[] {1, 1})));
            NDArray late = model.predict(new NDList(x, m.create(new float[] {900, 900})));
            assertArrayEquals(new long[] {2, 32, 3}, early.getShape().getShape());
            assertTrue(early.sub(late).abs().max().getFloat() > 1e-4, "the time step must reach the blocks");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(OnnxExport.toBytes(model), new OrtSession.SessionOptions());
                    OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), new long[] {2, 32, 3});
                    OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {900, 900}), new long[] {2});
                    OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tx, OnnxExport.TIME_STEP, tt))) {
                FloatBuffer actual = ((OnnxTensor) result.get(0)).getFloatBuffer();
                double max = 0;
                for (float e : late.toFloatArray()) {
                    max = Math.max(max, Math.abs(e - actual.get()));
                }
                assertTrue(max <= 1e-4, "max |ORT - DJL| " + max);
            }
        }
    }

    @Test
    void whatIsNotBuiltYetIsRefusedByItsKey() {
        assertRefused("""
                name: SeM
                encoder: {name: PointNet, out_channel: 3, building_block: dense, dense_channels: [16], vector_embedding: false}
                condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 1}}
                """, "model.condition_embedding");
        assertRefused("""
                name: DDPM
                eps_model: {time_channel: 16, encoder: {name: PointNet2, building_block: dense, dense_channels: [16]}}
                """, "model.eps_model.time_channel");
        assertRefused("""
                name: VAE
                encoder: {name: PointNet2, building_block: dense, dense_channels: [16]}
                """, "model.encoder.name");
        assertRefused("""
                name: HSeM
                encoder: {name: PointNet, building_block: dense, dense_channels: [16]}
                """, "model.encoder.name");
        assertRefused("""
                name: ClM
                encoder: {name: PointNet, out_channel: 3, building_block: dense, dense_channels: [16], vector_embedding: false}
                """, "model.encoder.vector_embedding");
        assertRefused("""
                name: SeM
                encoder: {name: PointTrans, building_block: pct_sa}
                """, "model.encoder.name");
        assertRefused("""
                name: SeM
                encoder: {name: PointMamba2, building_block: pmamba}
                """, "model.encoder.name");
        assertRefused("""
                name: SeM
                encoder: {name: PointNet, building_block: res_dense, dense_channels: [16]}
                """, "model.encoder.building_block");
        assertRefused("""
                name: SeM
                encoder: {name: PointNet, building_block: dense, dense_channels: [16], num_neighbours_k: 3}
                """, "model.encoder.num_neighbours_k");
    }

    private static void assertRefused(String yaml, String path) {
        // a document parsed on its own is the model section: its paths start below model.
        ConfigException e = assertThrows(ConfigException.class, () -> ModelSpecs.parse(YamlDocument.parse(yaml)));
        assertTrue(e.getMessage().startsWith(path.substring("model.".length())), path + ": " + e.getMessage());
    }

    private static List<Float> train(FlemmeModel model, NDArray x, NDArray y, int steps, float lr) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                .optDevices(new Device[] {Device.cpu()});
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = model.djlModel().newTrainer(config)) {
            for (int s = 0; s < steps; s++) {
                try (NDManager step = trainer.getManager().newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    NDArray ys = y.duplicate();
                    ys.attach(step);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList prediction = trainer.forward(new NDList(xs));
                        NDArray loss = model.trainingLoss().evaluate(model.lossLabels(xs, ys), prediction);
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
