package dev.flemme4j.modelzoo.loss.pointcloud;

import ai.djl.ndarray.NDArray;

/** Pairwise distances between two batched clouds and the squared distances of chosen pairs. */
final class PointPairs {
    private PointPairs() {
    }

    /**
     * Squared distances of every pair, {@code (B, N, D) × (B, M, D) → (B, N, M)}, outside the gradient tape:
     * only used to choose pairs, never to differentiate.
     */
    static NDArray pairwiseSquared(NDArray x, NDArray y) {
        NDArray a = x.stopGradient();
        NDArray b = y.stopGradient();
        NDArray bt = b.transpose(0, 2, 1);
        NDArray aa = a.square().sum(new int[] {2}, true);
        NDArray bb = b.square().sum(new int[] {2}, true).transpose(0, 2, 1);
        // |a|² + |b|² − 2a·b can dip below zero by rounding; a negative distance would win every argmin
        return aa.add(bb).sub(a.matMul(bt).mul(2f)).maximum(0f);
    }

    /** {@code |x[b,i] − y[b, index[b,i]]|²} computed from the coordinates, so it carries gradients: → {@code (B, N)}. */
    static NDArray matchedSquared(NDArray x, NDArray y, NDArray index) {
        long dims = y.getShape().get(2);
        NDArray full = index.toType(ai.djl.ndarray.types.DataType.INT64, false).expandDims(2).repeat(2, dims);
        return x.sub(y.gather(full, 1)).square().sum(new int[] {2});
    }

    static void requireClouds(NDArray x, NDArray y, String loss) {
        if (x.getShape().dimension() != 3 || y.getShape().dimension() != 3 || x.getShape().get(0) != y.getShape().get(0)
                || x.getShape().get(2) != y.getShape().get(2)) {
            throw new IllegalArgumentException(loss + " compares point clouds (B, N, D) with (B, M, D); got " + x.getShape()
                    + " and " + y.getShape());
        }
    }
}
