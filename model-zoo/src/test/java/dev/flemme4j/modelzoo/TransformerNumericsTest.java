package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our ViT/Swin networks compute what upstream's compute, given upstream's weights: every block kind (vit, swin
 * with shifted windows and masks, double_swin, res_swin), patch merging/expansion, U and D variants, 2D and 3D,
 * the vector latent of ViT. Reference: {@code src/test/resources/transformer/numerics/case*.json}, written
 * by {@code transformer_numerics.py} next to it (upstream 86abf06, eval mode); its parameters come in
 * upstream's order, which our blocks register theirs in.
 */
class TransformerNumericsTest {
    private static final double TOLERANCE = 1e-5;

    static final int CASES = 8;

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new java.util.ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            try (InputStream in = TransformerNumericsTest.class.getResourceAsStream("/transformer/numerics/case" + i + ".json")) {
                ConfigNode c = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                all.add(Arguments.of(i + " " + c.requireNode("model").requireNode("encoder").string("name", "?"), c));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesUpstreamWithItsWeights(String id, ConfigNode c) {
        ConfigNode model = c.requireNode("model");
        try (FlemmeModel m = ModelFactory.create(ModelSpecs.parse(model), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            List<ConfigNode> reference = c.nodeList("params");
            List<Pair<String, Parameter>> ours = m.block().getParameters().stream().toList();
            assertEquals(reference.size(), ours.size(), "parameter tensors\n" + m.summary());
            for (int i = 0; i < ours.size(); i++) {
                float[] v = decode(reference.get(i).string("values", ""));
                NDArray a = ours.get(i).getValue().getArray();
                assertEquals(a.size(), v.length, "size of " + ours.get(i).getKey() + " vs upstream "
                        + reference.get(i).string("name", "?"));
                a.set(v);
            }
            List<Integer> size = model.requireNode("encoder").intList("image_size", null);
            float[] x = decode(c.string("input", ""));
            long[] shape = new long[size.size() + 2];
            int pixels = size.stream().reduce(1, (p, q) -> p * q);
            shape[0] = x.length / pixels;
            shape[1] = 1;
            for (int i = 0; i < size.size(); i++) {
                shape[2 + i] = size.get(i);
            }
            float[] y = m.predict(manager.create(x, new Shape(shape))).toFloatArray();
            float[] expected = decode(c.string("output", ""));
            assertEquals(expected.length, y.length);
            double max = 0;
            for (int i = 0; i < y.length; i++) {
                max = Math.max(max, Math.abs(y[i] - expected[i]));
            }
            assertTrue(max <= TOLERANCE, id + ": max |ours - upstream| = " + max);
        }
    }

    private static float[] decode(String b64) {
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(f);
        return f;
    }
}
