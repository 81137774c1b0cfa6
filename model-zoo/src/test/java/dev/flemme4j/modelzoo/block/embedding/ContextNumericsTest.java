package dev.flemme4j.modelzoo.block.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The time-step embedding and the gate/bias injections compute what upstream's do, given upstream's weights.
 * Reference: {@code src/test/resources/upstream/context_numerics.json}, written by {@code context_numerics.py}
 * next to it (upstream PositionEmbeddingBlock(16, silu), GateBiasBlock and GateBlock(16 → 4) on fixed inputs).
 */
class ContextNumericsTest {
    private static ConfigNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ContextNumericsTest.class.getResourceAsStream("/upstream/context_numerics.json")) {
            reference = YamlDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void sinusoidalEmbeddingMatchesUpstream() {
        ConfigNode r = reference.requireNode("time");
        SinusoidalEmbedding block = new SinusoidalEmbedding(16, Activation.SILU);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            block.initialize(m, DataType.FLOAT32, new Shape(4));
            load(block, r, List.of("dense1_weight", "dense1_bias", "dense2_weight", "dense2_bias"));
            NDArray t = m.create(floats(r, "t"));
            float[] y = block.forward(new ParameterStore(m, false), new NDList(t), false).head().toFloatArray();
            assertClose(floats(r, "output"), y, 1e-5);
        }
    }

    @Test
    void gateBiasAndGateInjectionsMatchUpstream() {
        ConfigNode gb = reference.requireNode("gate_bias");
        ConfigNode g = reference.requireNode("gate");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(floats(gb, "x"), new Shape(2, 4, 3, 3));
            NDArray e = m.create(floats(gb, "e"), new Shape(2, 16));
            ContextInjection gateBias = new ContextInjection(
                    new ContextSettings(16, InjectionKind.GATE_BIAS, 0, InjectionKind.GATE_BIAS, false), 2, 4);
            gateBias.initialize(m, DataType.FLOAT32, x.getShape());
            load(gateBias, gb, List.of("gate_weight", "gate_bias", "bias_weight"));
            ContextInjection gate = new ContextInjection(
                    new ContextSettings(16, InjectionKind.GATE, 0, InjectionKind.GATE_BIAS, false), 2, 4);
            gate.initialize(m, DataType.FLOAT32, x.getShape());
            load(gate, g, List.of("gate_weight", "gate_bias"));
            ParameterStore ps = new ParameterStore(m, false);
            var params = BlockContext.with(null, e, null);
            assertClose(floats(gb, "output"), gateBias.forward(ps, new NDList(x), false, params).head().toFloatArray(), 1e-5);
            assertClose(floats(g, "output"), gate.forward(ps, new NDList(x), false, params).head().toFloatArray(), 1e-5);
            // without a time step the block passes x through, as upstream's `if t is None: return x`
            assertClose(floats(gb, "x"), gateBias.forward(ps, new NDList(x), false, null).head().toFloatArray(), 0);
        }
    }

    /** Copies the reference arrays into the block's parameters, which come in construction order. */
    private static void load(Block block, ConfigNode r, List<String> keys) {
        List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
        assertEquals(keys.size(), params.size(), params.toString());
        for (int i = 0; i < keys.size(); i++) {
            float[] values = floats(r, keys.get(i));
            NDArray a = params.get(i).getValue().getArray();
            assertEquals(a.size(), values.length, params.get(i).getKey() + " vs " + keys.get(i));
            a.set(values);
        }
    }

    private static float[] floats(ConfigNode r, String key) {
        List<Double> v = r.numberList(key, null);
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).floatValue();
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertEquals(0, max, tolerance, "max |diff| " + max);
    }
}
