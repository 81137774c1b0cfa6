package dev.flemme4j.modelzoo.encoder.pointcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.flemme4j.modelzoo.config.encoder.EncoderKeys;
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
 * PointNet2 against upstream's own modules: {@code pointcloud/pointnet2_forward.bin} holds, for each model of
 * {@code pointnet2_forward.yaml}, the parameters, input and output recorded by {@code export_upstream_pointnet2.py}
 * (upstream HEAD 86abf06 on Debian python3-torch 1.13; upstream's CUDA sampling/grouping/interpolation kernels replaced
 * by plain loops written from the kernels). Loaded into the DJL blocks, the same clouds must give the same outputs.
 * Plus the host-side queries against brute-force definitions and bad keys.
 */
class PointNet2ForwardTest {

    static List<ConfigNode> encoders() throws Exception {
        try (InputStream in = PointNet2ForwardTest.class.getResourceAsStream("/pointcloud/pointnet2_forward.yaml")) {
            ConfigNode doc = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return doc.nodeList("models").stream().map(m -> EncoderKeys.POINTNET2.bind(m.requireNode("encoder"))).toList();
        }
    }

    @Test
    void sameOutputsAsUpstream() throws Exception {
        FloatBuffer recorded;
        try (InputStream in = getClass().getResourceAsStream("/pointcloud/pointnet2_forward.bin")) {
            recorded = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        List<ConfigNode> encoders = encoders();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int model = 0; model < encoders.size(); model++) {
                PointNet2Spec spec = PointNet2SpecParser.parse(encoders.get(model));
                PointNet2Encoder encoder = new PointNet2Encoder(spec);
                PointNet2Decoder decoder = new PointNet2Decoder(spec);
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
                float[] expected = new float[2 * spec.pointNum() * spec.outChannel()];
                recorded.get(expected);
                ParameterStore ps = new ParameterStore(m, false);
                NDList z = encoder.forward(ps, new NDList(m.create(x, cloud)), false);
                NDArray y = decoder.forward(ps, z, false).singletonOrThrow();
                assertEquals(new Shape(2, spec.pointNum(), spec.outChannel()), y.getShape());
                float[] actual = y.toFloatArray();
                double max = 0;
                for (int i = 0; i < expected.length; i++) {
                    max = Math.max(max, Math.abs(expected[i] - actual[i]));
                }
                assertTrue(max <= 1e-4, "model " + model + ": max |DJL - upstream| = " + max);
            }
            assertEquals(0, recorded.remaining(), "parameter layout differs from upstream's");
        }
    }

    @Test
    void queriesMatchTheirDefinitions() {
        java.util.Random r = new java.util.Random(7);
        int n = 40;
        float[] xyz = new float[3 * n];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = r.nextFloat() * 2 - 1;
        }
        int[] fps = PointQueries.furthestPoints(xyz, n, 6);
        assertEquals(0, fps[0]);
        for (int j = 1; j < fps.length; j++) {
            // the chosen point is the one farthest from all earlier choices (brute force over every candidate)
            double best = -1;
            int arg = -1;
            for (int p = 0; p < n; p++) {
                double nearest = Double.MAX_VALUE;
                for (int q = 0; q < j; q++) {
                    nearest = Math.min(nearest, d2(xyz, p, xyz, fps[q]));
                }
                if (nearest > best) {
                    best = nearest;
                    arg = p;
                }
            }
            assertEquals(arg, fps[j], "choice " + j);
        }
        float[] centre = {xyz[0], xyz[1], xyz[2], 5f, 5f, 5f};
        int[] ball = PointQueries.ballQuery(xyz, n, centre, 2, 4, 0.6);
        List<Integer> inside = new java.util.ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (d2(xyz, p, centre, 0) < 0.36) {
                inside.add(p);
            }
        }
        for (int s = 0; s < 4; s++) {
            assertEquals(s < inside.size() ? inside.get(s) : inside.get(0), ball[s]);
            assertEquals(0, ball[4 + s], "a centre without neighbours groups point 0, as the kernel");
        }
        int[] knn = PointQueries.nearest(xyz, n, centre, 1, 3);
        assertEquals(0, knn[0], "the centre itself is its nearest neighbour");
        int[] idx = new int[3];
        float[] w = new float[3];
        PointQueries.threeNearest(new float[] {0.1f, 0, 0}, 1, new float[] {0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 9}, 4, idx, w);
        assertArrayEquals(new int[] {0, 1, 2}, idx);
        float s = 1 / 0.1f + 1 / 0.9f + 1 / (float) Math.sqrt(9.01);
        assertEquals(10 / s, w[0], 1e-5);
        assertEquals(1, w[0] + w[1] + w[2], 1e-6);
    }

    private static double d2(float[] a, int i, float[] b, int j) {
        double dx = a[3 * i] - b[3 * j];
        double dy = a[3 * i + 1] - b[3 * j + 1];
        double dz = a[3 * i + 2] - b[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    @Test
    void scalesSplitAsUpstream() {
        assertEquals(List.of(32, 32), PointNet2SpecParser.scaleChannels(64, 2));
        assertEquals(List.of(25, 25, 50), PointNet2SpecParser.scaleChannels(100, 3));
        assertEquals(List.of(65, 64), PointNet2SpecParser.scaleChannels(129, 2));
    }

    @Test
    void badKeysAreNamedByTheirPath() throws Exception {
        Map<String, Object> base = encoders().get(0).raw();
        assertBad(base, "num_neighbors_k", List.of(4, 8), "model.encoder.num_neighbors_k");
        assertBad(base, "num_fps_points", List.of(24, 30), "model.encoder.num_fps_points");
        assertBad(base, "neighbor_radius", List.of(0.5), "model.encoder.neighbor_radius");
        assertBad(base, "fp_channels", List.of(8), "model.encoder.fp_channels");
        assertBad(base, "dense_channels", List.of(), "model.encoder.dense_channels");
        assertBad(base, "knn_query", "feature", "model.encoder.knn_query");
        assertBad(base, "final_concat", true, "model.encoder.final_concat");
        assertBad(base, "building_block", "pmamba", "model.encoder.building_block");
        assertBad(base, "num_norm_groups", 3, "model.encoder.num_norm_groups");
        Map<String, Object> noBlock = new HashMap<>(base);
        noBlock.remove("building_block");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(noBlock));
        assertTrue(e.getMessage().contains("model.encoder.building_block"), e.getMessage());
    }

    private static PointNet2Spec parse(Map<String, Object> raw) {
        return PointNet2SpecParser.parse(EncoderKeys.POINTNET2.bind(new ConfigNode("model.encoder", raw)));
    }

    private static void assertBad(Map<String, Object> base, String key, Object value, String path) {
        Map<String, Object> raw = new HashMap<>(base);
        raw.put(key, value);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(raw), key);
        assertTrue(e.getMessage().contains(path), key + ": " + e.getMessage());
    }
}
