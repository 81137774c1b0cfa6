package dev.flemme4j.modelzoo.encoder.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.config.encoder.EncoderKeys;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FoldingNet variant of the PointNet decoder ({@code folding_times}, {@code base_shape_config}) against upstream's
 * own forward pass: {@code pointcloud/folding_forward.bin} holds parameters, input and output of the models of
 * {@code folding_forward.yaml} (a 2D grid, and a cylinder around y) recorded by {@code export_upstream_folding.py}
 * (upstream 86abf06, Debian python3-torch 1.13). DJL must give the same clouds, and the ONNX export the same in ORT.
 */
class FoldingDecoderTest {

    @Test
    void sameCloudsAsUpstreamAndInOnnxRuntime() throws Exception {
        List<ConfigNode> encoders;
        try (InputStream in = getClass().getResourceAsStream("/pointcloud/folding_forward.yaml")) {
            encoders = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).nodeList("models").stream()
                    .map(m -> EncoderKeys.POINTNET.bind(m.requireNode("encoder"))).toList();
        }
        FloatBuffer recorded;
        try (InputStream in = getClass().getResourceAsStream("/pointcloud/folding_forward.bin")) {
            recorded = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int model = 0; model < encoders.size(); model++) {
                PointNetSpec spec = PointNetSpecParser.parse(encoders.get(model));
                PointNetEncoder encoder = new PointNetEncoder(spec);
                PointNetDecoder decoder = new PointNetDecoder(spec);
                Shape cloud = new Shape(2, spec.pointNum(), 3);
                encoder.initialize(m, DataType.FLOAT32, cloud);
                decoder.initialize(m, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {cloud}));
                for (Block block : new Block[] {encoder, decoder}) {
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        if (p.getValue().requiresGradient()) {
                            NDArray a = p.getValue().getArray();
                            float[] v = new float[(int) a.getShape().size()];
                            recorded.get(v);
                            a.set(v);
                        }
                    }
                }
                float[] x = new float[(int) cloud.size()];
                recorded.get(x);
                int points = spec.outputPoints(spec.pointNum());
                float[] expected = new float[2 * points * 3];
                recorded.get(expected);
                ParameterStore ps = new ParameterStore(m, false);
                NDArray y = decoder.forward(ps, encoder.forward(ps, new NDList(m.create(x, cloud)), false), false).singletonOrThrow();
                assertEquals(new Shape(2, points, 3), y.getShape());
                assertEquals(new Shape(2, points, 3), decoder.getOutputShapes(encoder.getOutputShapes(new Shape[] {cloud}))[0]);
                assertTrue(maxDiff(expected, FloatBuffer.wrap(y.toFloatArray())) <= 1e-4, "model " + model + " vs upstream");

                OnnxGraphBuilder g = new OnnxGraphBuilder();
                String in = g.addInput("input", List.of("batch", "points", 3L));
                g.addOutput(decoder.exportOnnx(g, encoder.exportOnnx(g, in)), "output", List.of("batch", (long) points, 3L));
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession session = env.createSession(g.toModelBytes("folding", "flemme4j-test", "0"), new OrtSession.SessionOptions());
                        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), cloud.getShape());
                        OrtSession.Result result = session.run(Map.of("input", t))) {
                    FloatBuffer ort = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    assertEquals(expected.length, ort.remaining());
                    assertTrue(maxDiff(y.toFloatArray(), ort) <= 1e-4, "model " + model + " ORT vs DJL");
                }
            }
            assertEquals(0, recorded.remaining(), "parameter layout differs from upstream's");
        }
    }

    private static double maxDiff(float[] a, FloatBuffer b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b.get(i)));
        }
        return max;
    }

    @Test
    void shapesUpstreamCannotFoldAreRefusedByName() {
        Map<String, Object> raw = new HashMap<>(Map.of("name", "PointNet", "building_block", "dense", "dense_channels", List.of(16),
                "folding_times", 2));
        raw.put("base_shape_config", Map.of("type", "icosphere"));
        ConfigException e = assertThrows(ConfigException.class, () -> parse(raw));
        assertTrue(e.getMessage().contains("model.encoder.base_shape_config.type"), e.getMessage());
        raw.put("base_shape_config", Map.of("type", "grid2d", "radius", 1.0));
        e = assertThrows(ConfigException.class, () -> parse(raw));
        assertTrue(e.getMessage().contains("radius"), e.getMessage());
        raw.remove("base_shape_config");
        raw.put("folding_times", 1);
        e = assertThrows(ConfigException.class, () -> parse(raw));
        assertTrue(e.getMessage().contains("model.encoder.folding_times"), e.getMessage());
        raw.put("folding_times", 2);
        raw.put("vector_embedding", false);
        e = assertThrows(ConfigException.class, () -> parse(raw));
        assertTrue(e.getMessage().contains("model.encoder.folding_times"), e.getMessage());
    }

    private static PointNetSpec parse(Map<String, Object> raw) {
        return PointNetSpecParser.parse(EncoderKeys.POINTNET.bind(new ConfigNode("model.encoder", raw)));
    }
}
