package dev.flemme4j.modelzoo.encoder.pointcloud;

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
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PointNet encoder + decoder: parameter counts equal upstream's for the models of {@code pointcloud/pointnet_models.yaml},
 * measured with {@code pointcloud/count_upstream_pcd.py} in upstream HEAD 86abf06 (Debian python3-torch 1.13,
 * CUDA/geometry packages stubbed, mamba off): 3,002,030 (SeM/PointNet of scripts/unittest/model_pcd_config.yaml),
 * 3,051,182 (the same with EdgeConv k=20), 952,320 and 91,184 (AE variants). Plus shapes, EdgeConv's neighbour
 * graph and bad keys.
 */
class PointNetTest {
    private static final long[] UPSTREAM = {3_002_030, 3_051_182, 952_320, 91_184};

    static List<ConfigNode> encoders() throws IOException {
        try (InputStream in = PointNetTest.class.getResourceAsStream("/pointcloud/pointnet_models.yaml")) {
            ConfigNode doc = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return doc.nodeList("models").stream().map(m -> m.requireNode("encoder")).toList();
        }
    }

    static long count(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (p.getValue().requiresGradient()) { // running statistics are buffers in PyTorch, not parameters
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    @Test
    void parameterCountsEqualUpstream() throws IOException {
        List<ConfigNode> encoders = encoders();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int i = 0; i < encoders.size(); i++) {
                PointNetSpec spec = PointNetSpecParser.parse(encoders.get(i));
                PointNetEncoder encoder = new PointNetEncoder(spec);
                PointNetDecoder decoder = new PointNetDecoder(spec);
                Shape cloud = new Shape(2, 64, spec.pointDim());
                encoder.initialize(m, DataType.FLOAT32, cloud);
                decoder.initialize(m, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {cloud}));
                assertEquals(UPSTREAM[i], count(encoder) + count(decoder), "model " + i);
            }
        }
    }

    @Test
    void shapesPerPointAndAsVector() throws IOException {
        List<ConfigNode> encoders = encoders();
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int i : new int[] {1, 2, 3}) {
                PointNetSpec spec = PointNetSpecParser.parse(encoders().get(i));
                PointNetEncoder encoder = new PointNetEncoder(spec);
                PointNetDecoder decoder = new PointNetDecoder(spec);
                NDArray x = m.randomUniform(-1, 1, new Shape(2, 40, 3));
                encoder.initialize(m, DataType.FLOAT32, x.getShape());
                ParameterStore ps = new ParameterStore(m, false);
                NDArray z = encoder.forward(ps, new NDList(x), false).singletonOrThrow();
                assertArrayEquals(encoder.getOutputShapes(new Shape[] {x.getShape()})[0].getShape(), z.getShape().getShape());
                decoder.initialize(m, DataType.FLOAT32, z.getShape());
                NDArray y = decoder.forward(ps, new NDList(z), false).singletonOrThrow();
                long points = spec.vectorEmbedding() ? spec.pointNum() : 40;
                assertEquals(new Shape(2, points, spec.outChannel()), y.getShape(), "model " + i);
                assertTrue(y.isInfinite().any().getBoolean() == false && y.isNaN().any().getBoolean() == false);
            }
        }
        assertEquals(4, encoders.size());
    }

    @Test
    void perPointOutputFollowsItsPointAndVectorOutputIgnoresOrder() throws IOException {
        // without EdgeConv and with vector embedding the encoder is a symmetric function of the points
        Engine.getInstance().setRandomSeed(4);
        PointNetSpec spec = PointNetSpecParser.parse(encoders().get(2));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PointNetEncoder encoder = new PointNetEncoder(spec);
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 30, 3));
            encoder.initialize(m, DataType.FLOAT32, x.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            long[] order = new long[30];
            for (int i = 0; i < 30; i++) {
                order[i] = (i * 7 + 3) % 30;
            }
            NDArray a = encoder.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray b = encoder.forward(ps, new NDList(x.gather(m.create(order).expandDims(0).expandDims(2).repeat(2, 3), 1)), false)
                    .singletonOrThrow();
            assertTrue(a.sub(b).abs().max().getFloat() < 1e-4, "pooling must make the latent order-free");
        }
    }

    @Test
    void edgeConvUsesTheNearestNeighboursIncludingThePointItself() throws IOException {
        // k = number of points: every point sees the whole cloud, so the max over neighbours is order-free and
        // the output per point must follow its point under a permutation
        Map<String, Object> raw = new java.util.HashMap<>(encoders().get(3).raw());
        raw.put("num_neighbors_k", 12);
        PointNetSpec spec = PointNetSpecParser.parse(new ConfigNode("model.encoder", raw));
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            EdgeConvLayer layer = new EdgeConvLayer(spec, spec.blocks(), 2 * 5, 16);
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 5, 12));
            layer.initialize(m, DataType.FLOAT32, x.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray y = layer.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, 16, 12), y.getShape());
            long[] order = {3, 0, 11, 5, 1, 2, 4, 10, 6, 9, 7, 8};
            NDArray idx = m.create(order).expandDims(0).expandDims(0).repeat(1, 5);
            NDArray xs = x.gather(idx, 2);
            NDArray ys = layer.forward(ps, new NDList(xs), false).singletonOrThrow();
            NDArray expected = y.gather(m.create(order).expandDims(0).expandDims(0).repeat(1, 16), 2);
            assertTrue(ys.sub(expected).abs().max().getFloat() < 1e-4);
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(ps, new NDList(m.randomUniform(-1, 1, new Shape(1, 5, 6))), false));
            assertTrue(few.getMessage().contains("num_neighbors_k"), few.getMessage());
        }
    }

    @Test
    void badKeysAreNamedByTheirPath() throws IOException {
        Map<String, Object> base = encoders().get(0).raw();
        assertBad(base, "num_neighbors_k", -1, "model.encoder.num_neighbors_k");
        assertBad(base, "local_feature_channels", List.of(64), "model.encoder.local_feature_channels");
        assertBad(base, "dense_channels", List.of(), "model.encoder.dense_channels");
        assertBad(base, "num_norm_groups", 7, "model.encoder.num_norm_groups");
        assertBad(base, "folding_times", 2, "model.encoder.folding_times");
        assertBad(base, "building_block", "pct_sa", "model.encoder.building_block");
        assertBad(base, "point_nmu", 3, "point_nmu");
        Map<String, Object> both = new java.util.HashMap<>(base);
        both.put("conv_channels", List.of(64, 64));
        ConfigException e = assertThrows(ConfigException.class, () -> bound(both));
        assertTrue(e.getMessage().contains("conv_channels"), e.getMessage());
        Map<String, Object> former = new java.util.HashMap<>(base);
        former.put("conv_channels", former.remove("local_feature_channels"));
        former.put("decode_dense_channels", former.remove("decoder_dense_channels"));
        assertEquals(PointNetSpecParser.parse(new ConfigNode("model.encoder", base)), bound(former));
        // the 2024 spellings of the seed's LDPM example: building_block single, pointwise (vector_embedding's negation)
        Map<String, Object> seed = new java.util.HashMap<>(base);
        seed.put("building_block", "single");
        seed.remove("vector_embedding");
        seed.put("pointwise", true);
        assertEquals(PointNetSpecParser.parse(new ConfigNode("model.encoder", base)), bound(seed));
        seed.put("vector_embedding", true);
        ConfigException clash = assertThrows(ConfigException.class, () -> bound(seed));
        assertTrue(clash.getMessage().contains("model.encoder.pointwise"), clash.getMessage());
        Map<String, Object> form = new java.util.HashMap<>(base);
        form.put("data_form", "IMG");
        ConfigException img = assertThrows(ConfigException.class,
                () -> PointNetSpecParser.parseEncoder(dev.flemme4j.modelzoo.config.encoder.EncoderKeys.POINTNET.bind(
                        new ConfigNode("model.encoder", form))));
        assertTrue(img.getMessage().contains("model.encoder.data_form"), img.getMessage());
    }

    private static PointNetSpec bound(Map<String, Object> raw) {
        return PointNetSpecParser.parse(dev.flemme4j.modelzoo.config.encoder.EncoderKeys.POINTNET.bind(new ConfigNode("model.encoder", raw)));
    }

    private static void assertBad(Map<String, Object> base, String key, Object value, String path) {
        Map<String, Object> raw = new java.util.HashMap<>(base);
        raw.put(key, value);
        ConfigException e = assertThrows(ConfigException.class, () -> PointNetSpecParser.parse(new ConfigNode("model.encoder", raw)),
                key);
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }
}
