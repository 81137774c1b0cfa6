package dev.flemme4j.modelzoo.loss.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Upstream {@code DCD}/{@code DChamfer} (density-aware Chamfer, Wu et al. 2021): a point {@code i} of one cloud
 * whose nearest neighbour {@code j} in the other is shared by {@code c} points of its own cloud contributes
 * {@code 1 − exp(−α·d²) · f / (c^λ + 1e-6)} with {@code f} the other cloud's size over its own (at least 1 with
 * {@code non_reg}); the weight is a constant for the gradient. Both directions then combine as in CD.
 */
public final class DensityAwareChamferLoss extends ChamferLoss {

    public DensityAwareChamferLoss(PointLossOptions options) {
        super(options);
    }

    @Override
    protected NDArray[] terms(NDArray prediction, NDArray target, NDArray toTarget, NDArray toPrediction) {
        long n = prediction.getShape().get(1);
        long m = target.getShape().get(1);
        double fracToTarget = options.nonReg() ? Math.max(1.0, (double) m / n) : (double) m / n;
        double fracToPrediction = options.nonReg() ? Math.max(1.0, (double) n / m) : (double) n / m;
        return new NDArray[] {
            term(PointPairs.matchedSquared(prediction, target, toTarget), toTarget, m, fracToTarget),
            term(PointPairs.matchedSquared(target, prediction, toPrediction), toPrediction, n, fracToPrediction)};
    }

    private NDArray term(NDArray squared, NDArray neighbour, long otherSize, double fraction) {
        Shape shape = neighbour.getShape();
        int batch = (int) shape.get(0);
        int points = (int) shape.get(1);
        long[] idx = neighbour.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        float[] weight = new float[idx.length];
        int[] count = new int[(int) otherSize];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(count, 0);
            int base = b * points;
            for (int i = 0; i < points; i++) {
                count[(int) idx[base + i]]++;
            }
            for (int i = 0; i < points; i++) {
                double c = Math.pow(count[(int) idx[base + i]], options.lambda());
                weight[base + i] = (float) (fraction / (c + 1e-6));
            }
        }
        NDArray w = squared.getManager().create(weight, shape);
        return squared.mul(-options.alpha()).exp().mul(w).neg().add(1f);
    }
}
