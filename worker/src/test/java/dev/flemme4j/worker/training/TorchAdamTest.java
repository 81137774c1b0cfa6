package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flemme4j.protocol.spec.OptimizerSpec;
import dev.flemme4j.protocol.tensor.TensorRecord;
import org.junit.jupiter.api.Test;

/**
 * Our Adam must step exactly like torch.optim.Adam / AdamW. Expected weights were produced with Debian's
 * python3-torch 1.13 (/usr/bin/python3): w = [1, -2, 3], lr 0.01, weight_decay 0.1, three steps with the
 * gradients below set directly on w.grad before each optimizer.step().
 */
class TorchAdamTest {
    private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {0.5f, 0.5f, -0.5f}, {-1.0f, 0.0f, 2.0f}};

    @Test
    void adamWithL2WeightDecayMatchesTorch() {
        assertArrayEquals(new float[] {0.9819855093955994f, -1.986132025718689f, 2.979034423828125f}, run("Adam"), 1e-6f);
    }

    @Test
    void adamWWithDecoupledWeightDecayMatchesTorch() {
        assertArrayEquals(new float[] {0.9810906052589417f, -1.991862177848816f, 2.9784634113311768f}, run("AdamW"), 1e-6f);
    }

    @Test
    void stateRoundTripsThroughATensorRecord() {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchAdam adam = new TorchAdam(spec("Adam"), new MutableRateTracker(0.01f));
            NDArray w = m.create(new float[] {1, -2, 3});
            adam.update("w", w, m.create(GRADS[0]));
            TensorRecord state = adam.state();
            TorchAdam restored = new TorchAdam(spec("Adam"), new MutableRateTracker(0.01f));
            restored.restore(state, m);
            NDArray w2 = w.duplicate();
            adam.update("w", w, m.create(GRADS[1]));
            restored.update("w", w2, m.create(GRADS[1]));
            assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), 0f);
            assertEquals(3, state.size());
        }
    }

    private static float[] run(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchAdam adam = new TorchAdam(spec(name), new MutableRateTracker(0.01f));
            NDArray w = m.create(new float[] {1, -2, 3});
            for (float[] g : GRADS) {
                adam.update("w", w, m.create(g));
            }
            return w.toFloatArray();
        }
    }

    private static OptimizerSpec spec(String name) {
        return new OptimizerSpec(name, 0.01, 0.1, 0.9, 0.999, 1e-8, 0);
    }
}
