package dev.flemme4j.modelzoo.loss.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.loss.pointcloud.PointCloudMetrics.Direction;
import dev.flemme4j.modelzoo.loss.pointcloud.PointCloudMetrics.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The metrics on hand-made clouds with known answers, and CD/EMD against the DJL losses with rooted distances. */
class PointCloudMetricsTest {
    private static final float[][] X = {{0, 0, 0}, {1, 0, 0}, {0, 2, 0}};
    private static final float[][] Y = {{0, 0, 0.5f}, {1, 0, 0}, {0, 2, 1}};

    @Test
    void handComputedValues() {
        // nearest distances both ways: 0.5, 0, 1
        assertEquals(0.5, PointCloudMetrics.chamfer(X, Y, Metric.L2, Direction.X_TO_Y), 1e-7);
        assertEquals(0.5, PointCloudMetrics.chamfer(X, Y, Metric.L2, Direction.BI), 1e-7);
        float[][] far = {{0, 0, 0}, {5, 5, 5}};
        float[][] near = {{0.1f, 0.2f, 0}};
        assertEquals(0.3, PointCloudMetrics.chamfer(near, far, Metric.L1, Direction.X_TO_Y), 1e-6);
        var f = PointCloudMetrics.fScoreAndHausdorff(X, Y, 0.6, Metric.L2);
        // precision 2/3, recall 2/3 → F 2/3; Hausdorff 1
        assertEquals(2.0 / 3, f.fScore(), 1e-7);
        assertEquals(1.0, f.hausdorff(), 1e-6);
        // swapping the partners of the first two points would cost more: identity matching, mean (0.5 + 0 + 1)/3
        assertEquals(0.5, PointCloudMetrics.emd(X, Y), 1e-6);
    }

    @Test
    void agreeWithTheLossesOnRootedDistances() {
        Random r = new Random(9);
        int n = 48;
        float[][] x = new float[n][3];
        float[][] y = new float[n][3];
        float[] fx = new float[n * 3];
        float[] fy = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = fx[i * 3 + k] = r.nextFloat();
                y[i][k] = fy[i * 3 + k] = r.nextFloat();
            }
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var px = m.create(fx, new Shape(1, n, 3));
            var py = m.create(fy, new Shape(1, n, 3));
            PointLossOptions rooted = new PointLossOptions(false, false, 1000, 1, false);
            assertEquals(new ChamferLoss(rooted).perSample(px, py).getFloat(), PointCloudMetrics.chamfer(x, y, Metric.L2, Direction.BI), 1e-5);
            // the metric matches on Euclidean cost, the loss on squared cost: the metric's mean distance cannot be larger
            double metric = PointCloudMetrics.emd(x, y);
            double loss = new EmdLoss(rooted).perSample(px, py).getFloat();
            org.junit.jupiter.api.Assertions.assertTrue(metric <= loss + 1e-6, metric + " > " + loss);
            org.junit.jupiter.api.Assertions.assertTrue(metric >= PointCloudMetrics.chamfer(x, y, Metric.L2, Direction.X_TO_Y) - 1e-6);
        }
    }
}
