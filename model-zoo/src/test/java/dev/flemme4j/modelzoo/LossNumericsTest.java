package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.config.loss.DiceNormalization;
import dev.flemme4j.modelzoo.config.loss.LossKind;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each loss against reference values computed by upstream's own loss classes (HEAD 86abf06, flemme.loss.get_loss,
 * Debian python3-torch 1.13 under /usr/bin/python3) on the deterministic inputs below:
 * {@code seq(shape, a, b)[i] = sin(a·i + b)} in row-major order; x = 2·seq(2,2,12,12; 0.37, 0.1),
 * t = seq(…; 0.23, 0.9), y = (seq(…; 0.11, 0.5) > 0); reduction mean unless stated.
 */
class LossNumericsTest {
    private static final double TOL = 2e-6;

    private static NDArray seq(NDManager m, long[] shape, double a, double b) {
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(a * i + b);
        }
        return m.create(v, new Shape(shape));
    }

    private static float loss(LossSpec spec, LossReduction reduction, NDArray prediction, NDArray target) {
        return new WeightedLossSum(List.of(spec), reduction).evaluate(new NDList(target), new NDList(prediction)).getFloat();
    }

    private static LossSpec spec(LossKind kind, LossSpec.SsimOptions ssim) {
        return new LossSpec(kind.name(), kind, 1.0, DiceNormalization.SIGMOID, ssim);
    }

    @Test
    void imageLossesMatchUpstream() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            long[] s = {2, 2, 12, 12};
            NDArray x = seq(m, s, 0.37, 0.1).mul(2);
            NDArray t = seq(m, s, 0.23, 0.9);
            NDArray y = seq(m, s, 0.11, 0.5).gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            assertEquals(2.5091548, loss(spec(LossKind.MSE, null), LossReduction.MEAN, x, t), TOL);
            assertEquals(1.35549378, loss(spec(LossKind.L1, null), LossReduction.MEAN, x, t), TOL);
            assertEquals(5.01830959, loss(spec(LossKind.MSE, null), LossReduction.SUM, x, t), 2 * TOL);
            assertEquals(0.644060135, loss(spec(LossKind.SSIM, new LossSpec.SsimOptions(2, 2, 11, 1.5, 1.0, true)),
                    LossReduction.MEAN, x, t), TOL);
            assertEquals(0.74424386, loss(spec(LossKind.SSIM, new LossSpec.SsimOptions(2, 2, 5, 1.0, 2.0, true)),
                    LossReduction.MEAN, x, t), TOL);
            assertEquals(0.908877373, loss(spec(LossKind.BCE_WITH_LOGITS, null), LossReduction.MEAN, x, y), TOL);
            assertEquals(1.41372848, loss(spec(LossKind.CROSS_ENTROPY, null), LossReduction.MEAN, x, y), TOL);
            assertEquals(0.394848347, loss(spec(LossKind.DICE, null), LossReduction.MEAN, x, y), TOL);
            // 3D SSIM, window 5: x3 = seq(1,1,8,8,8; 0.31, 0.2), t3 = seq(…; 0.17, 0.4)
            long[] s3 = {1, 1, 8, 8, 8};
            assertEquals(0.361483335, loss(spec(LossKind.SSIM, new LossSpec.SsimOptions(3, 1, 5, 1.5, 1.0, true)),
                    LossReduction.MEAN, seq(m, s3, 0.31, 0.2), seq(m, s3, 0.17, 0.4)), TOL);
        }
    }

    @Test
    void klMatchesUpstreamWithWeight() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            long[] s = {2, 3, 4, 4};
            NDArray mean = seq(m, s, 0.29, 0.3).mul(1.5f);
            NDArray logvar = seq(m, s, 0.13, 0.7).mul(3f);
            LossSpec kl = new LossSpec("KL", LossKind.KL, 0.25, DiceNormalization.SIGMOID);
            WeightedLossSum sum = WeightedLossSum.variational(kl, List.of(), LossReduction.MEAN);
            float v = sum.evaluate(new NDList(mean), new NDList(mean, mean, logvar)).getFloat();
            // upstream KLLoss(GaussianDistribution(mean, logvar)) = 2.51571989, times weight 0.25
            assertEquals(0.25 * 2.51571989, v, TOL);
            assertEquals(List.of("KL"), sum.termNames());
        }
    }
}
