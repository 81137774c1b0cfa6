package dev.flemme4j.modelzoo.block.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.norm.LayerNormalization;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import org.junit.jupiter.api.Test;

/**
 * The suspects of the transformer NaN (one ViTU run in four diverged): attention logits in the thousands must give a
 * finite softmax and finite gradients (a softmax without the max subtracted overflows at logits above ~88), and
 * LayerNorm of a constant input (variance 0) must not divide by zero forward or backward.
 */
class AttentionStabilityTest {

    @Test
    void hugeAttentionLogitsStayFinite() {
        // inputs of 1e3 through qkv weights of ~0.35 give q·k of order 1e5 to 1e6
        assertFiniteForwardAndBackward(new SelfAttentionBlock(8, 4, new AttentionSettings(2, 0, true, 0, 0, 0), true),
                new Shape(2, 8, 4, 6), 1e3f);
    }

    @Test
    void layerNormOfAConstantInputStaysFinite() {
        assertFiniteForwardAndBackward(new LayerNormalization(2, 8), new Shape(2, 8, 4, 6), 0f);
    }

    private static void assertFiniteForwardAndBackward(NetworkBlock block, Shape shape, float scale) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape).mul(scale).add(scale == 0 ? 3f : 0f);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                assertTrue(finite(y), "forward has NaN/Inf");
                gc.backward(y.square().mean());
            }
            assertTrue(finite(x.getGradient()), "gradient has NaN/Inf");
        }
    }

    private static boolean finite(NDArray a) {
        for (float v : a.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
