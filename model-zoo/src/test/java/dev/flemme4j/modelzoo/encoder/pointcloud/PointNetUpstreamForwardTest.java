package dev.flemme4j.modelzoo.encoder.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Upstream's own forward pass replayed: {@code pointcloud/pointnet_forward.bin} holds the parameters, input and
 * output of upstream's SeM/PointNet with EdgeConv (k=4, group norm) for {@code pointnet_forward.yaml}, recorded by
 * {@code export_upstream_forward.py} (upstream HEAD 86abf06, Debian python3-torch 1.13, upstream's own top-k kNN).
 * Loading those parameters, the DJL encoder + decoder must give the same seg logits.
 */
class PointNetUpstreamForwardTest {

    @Test
    void sameLogitsAsUpstream() throws Exception {
        PointNetSpec spec;
        try (InputStream in = getClass().getResourceAsStream("/pointcloud/pointnet_forward.yaml")) {
            spec = PointNetSpecParser.parse(YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .requireNode("model").requireNode("encoder"));
        }
        FloatBuffer recorded;
        try (InputStream in = getClass().getResourceAsStream("/pointcloud/pointnet_forward.bin")) {
            recorded = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            PointNetEncoder encoder = new PointNetEncoder(spec);
            PointNetDecoder decoder = new PointNetDecoder(spec);
            Shape cloud = new Shape(2, 24, 3);
            encoder.initialize(m, DataType.FLOAT32, cloud);
            decoder.initialize(m, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {cloud}));
            for (var block : new ai.djl.nn.Block[] {encoder, decoder}) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray a = p.getValue().getArray();
                        float[] v = new float[(int) a.getShape().size()];
                        recorded.get(v);
                        a.set(v);
                    }
                }
            }
            float[] x = new float[2 * 24 * 3];
            recorded.get(x);
            float[] expected = new float[2 * 24 * spec.outChannel()];
            recorded.get(expected);
            assertEquals(0, recorded.remaining(), "parameter layout differs from upstream's");
            ParameterStore ps = new ParameterStore(m, false);
            float[] actual = decoder.forward(ps, encoder.forward(ps, new NDList(m.create(x, cloud)), false), false)
                    .singletonOrThrow().toFloatArray();
            double max = 0;
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(max <= 1e-4, "max |DJL - upstream| = " + max);
        }
    }
}
