package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Our ONNX export run in ONNX Runtime 1.23.2 must reproduce DJL inference within 1e-4. */
class OnnxParityTest {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxParityTest.class);
    private static final double TOLERANCE = 1e-4;

    @Test
    void batchNormUNetAfterTrainingSteps(@TempDir Path dir) throws Exception {
        Engine.getInstance().setRandomSeed(5);
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(TestConfigs.semUNet("normalization: batch")), Device.cpu())) {
            // training moves the BatchNorm running statistics away from 0/1, so the export must carry them
            TrainingSteps.run(model, new SyntheticSegmentation(9), 2, 2, 64, 1e-3f);
            double runningMeanMass = model.block().getParameters().stream()
                    .filter(p -> p.getKey().endsWith("runningMean"))
                    .mapToDouble(p -> p.getValue().getArray().abs().sum().getFloat()).sum();
            assertTrue(runningMeanMass > 1e-3, "BatchNorm running means did not move: " + runningMeanMass);
            Path file = dir.resolve("sem.onnx");
            OnnxExport.export(model, file);
            double diff = maxAbsDiff(model, Files.readAllBytes(file), 3);
            LOG.info("BatchNorm UNet after training: max |ORT - DJL| = {} (max |logit| {}, Σ|running mean| = {})", diff,
                    outputScale(model), runningMeanMass);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    @Test
    void groupNormUNetHasTheAgreedInterface() throws Exception {
        Engine.getInstance().setRandomSeed(6);
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(TestConfigs.semUNet("")), Device.cpu())) {
            byte[] onnx = OnnxExport.toBytes(model);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
                assertEquals(java.util.Set.of("input"), session.getInputNames());
                assertEquals(java.util.Set.of("seg_logits"), session.getOutputNames());
                NodeInfo in = session.getInputInfo().get("input");
                TensorInfo info = (TensorInfo) in.getInfo();
                assertArrayEquals(new long[] {-1, 1, 64, 64}, info.getShape());
                assertEquals("batch", info.getDimensionNames()[0]);
            }
            double diff = maxAbsDiff(model, onnx, 2);
            LOG.info("GroupNorm UNet: max |ORT - DJL| = {}", diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    /** Small nets covering every exported operator variant: norms, activations, pooling, block kinds, 3D. */
    @ParameterizedTest
    @ValueSource(strings = {
        "name: UNet;image_size: [32, 48];building_block: res;normalization: layer;activation: silu;dsample_function: max_pooling;depthwise: true",
        "name: CNN;image_size: 32;building_block: double;normalization: instance;activation: gelu;dsample_function: avg_pooling;final_channels: [16]",
        "name: UNet;image_size: [16, 16, 24];normalization: group;activation: elu;shape_scaling: [2, 1];kernel_size: 5",
        "name: UNet;image_size: [36, 36];patch_size: 3;normalization: batch;activation: lrelu;num_blocks: 1;in_channel: 2;out_channel: 3",
        "name: UNet;image_size: [16, 32];down_attens: [atten, 2xfft_atten];middle_attens: fft_atten;up_attens: [null, atten];num_heads: 2",
        "name: UNet;image_size: [16, 16];channel_attention: {method: eca-ns, kernal_size: 5};abs_pos_embedding: true",
        "name: CNN;image_size: [8, 8, 16];channel_attention: eca;abs_pos_embedding: true;building_block: res;num_blocks: 1;middle_attens: atten;final_channels: [8];final_attens: [atten];d_k: 4;qkv_bias: false;qk_scale: 0.3",
    })
    void operatorCoverage(String encoder) throws Exception {
        Engine.getInstance().setRandomSeed(8);
        String yaml = """
                model:
                  name: SeM
                  encoder:
                    patch_channel: 8
                    down_channels: [16, 32]
                    middle_channels: [64]
                """ + TestConfigs.indent(encoder.replace(';', '\n'))
                + (encoder.contains("in_channel") ? "" : "    in_channel: 1\n");
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(yaml), Device.cpu())) {
            double diff = maxAbsDiff(model, OnnxExport.toBytes(model), 2);
            LOG.info("{}: max |ORT - DJL| = {}", encoder, diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    private static float outputScale(FlemmeModel model) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            return model.predict(m.randomNormal(model.inputShape(1))).abs().max().getFloat();
        }
    }

    /**
     * Runs DJL and ORT on the same random inputs (every input the model takes: image, time step, condition)
     * and returns the largest absolute difference of the primary output.
     */
    static double maxAbsDiff(FlemmeModel model, byte[] onnx, int batch) throws OrtException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList inputs = new NDList();
            for (String name : model.inputNames()) {
                inputs.add(name.equals(ModelSpec.TIME_STEP)
                        // time steps as a diffusion model feeds them: integers over the whole schedule
                        ? m.randomInteger(0, 1000, model.inputShape(name, batch), ai.djl.ndarray.types.DataType.INT32)
                                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        : m.randomNormal(model.inputShape(name, batch)));
            }
            float[] expected = model.predict(inputs).toFloatArray();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
                assertEquals(new java.util.HashSet<>(model.inputNames()), session.getInputNames());
                for (int i = 0; i < inputs.size(); i++) {
                    NDArray a = inputs.get(i);
                    feed.put(model.inputNames().get(i),
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(a.toFloatArray()), a.getShape().getShape()));
                }
                try (OrtSession.Result result = session.run(feed)) {
                    OnnxTensor out = (OnnxTensor) result.get(model.outputName()).orElseThrow();
                    FloatBuffer actual = out.getFloatBuffer();
                    assertEquals(expected.length, actual.remaining());
                    double max = 0;
                    for (int i = 0; i < expected.length; i++) {
                        float a = actual.get(i);
                        assertTrue(Float.isFinite(expected[i]), "DJL output [" + i + "] is " + expected[i]);
                        assertTrue(Float.isFinite(a), "ORT output [" + i + "] is " + a);
                        max = Math.max(max, Math.abs(expected[i] - a));
                    }
                    return max;
                }
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }
}
