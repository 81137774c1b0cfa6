package dev.flemme4j.modelzoo.loss.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.loss.SampleLoss;
import org.junit.jupiter.api.Test;

/**
 * CD and DCD per sample against upstream's own loss classes (flemme.loss.get_loss, reduction 'none') running
 * upstream's CPU chamfer kernel, HEAD 86abf06, Debian python3-torch 1.13; values printed by
 * {@code pointcloud/upstream_chamfer_values.py}. Inputs: {@code seq(shape, a, b)[i] = sin(a·i + b)} row-major,
 * x = seq((2, 40, 3); 0.37, 0.1), y = 0.8·seq((2, 23, 3); 0.23, 0.9).
 */
class PointCloudUpstreamLossTest {
    private static final double TOL = 2e-6;

    private static NDArray seq(NDManager m, long[] shape, double a, double b) {
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(a * i + b);
        }
        return m.create(v, new Shape(shape));
    }

    private static void check(SampleLoss loss, double first, double second) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = seq(m, new long[] {2, 40, 3}, 0.37, 0.1);
            NDArray y = seq(m, new long[] {2, 23, 3}, 0.23, 0.9).mul(0.8f);
            float[] got = loss.perSample(x, y).toFloatArray();
            assertEquals(first, got[0], TOL);
            assertEquals(second, got[1], TOL);
        }
    }

    @Test
    void chamferAsUpstream() {
        check(new ChamferLoss(PointLossOptions.DEFAULTS), 0.076658003, 0.0753529072);
        check(new ChamferLoss(new PointLossOptions(false, false, 1000, 1, false)), 0.273721635, 0.270936668);
        check(new ChamferLoss(new PointLossOptions(true, true, 1000, 1, false)), 0.083883591, 0.0808745474);
    }

    @Test
    void densityAwareChamferAsUpstream() {
        check(new DensityAwareChamferLoss(PointLossOptions.DEFAULTS), 1.0, 1.0);
        check(new DensityAwareChamferLoss(new PointLossOptions(true, false, 40, 0.5, false)), 0.942588687, 0.936081648);
        check(new DensityAwareChamferLoss(new PointLossOptions(true, false, 40, 1, true)), 0.953533888, 0.943688393);
    }
}
