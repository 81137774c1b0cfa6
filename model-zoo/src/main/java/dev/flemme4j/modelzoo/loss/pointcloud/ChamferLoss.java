package dev.flemme4j.modelzoo.loss.pointcloud;

import ai.djl.ndarray.NDArray;
import dev.flemme4j.modelzoo.loss.SampleLoss;

/**
 * Upstream {@code CD}/{@code Chamfer}: for each point of either cloud the squared distance to its nearest
 * neighbour in the other ({@code d1 (B, N)}, {@code d2 (B, M)}); with {@code squared_distance: false} their
 * square roots. Per sample {@code (mean d1 + mean d2) / 2}, or {@code max(mean d1, mean d2)} when
 * {@code extended} → {@code (B)}. Gradients reach only the chosen pairs, as in upstream's kernel.
 */
public class ChamferLoss implements SampleLoss {
    protected final PointLossOptions options;

    public ChamferLoss(PointLossOptions options) {
        this.options = options;
    }

    @Override
    public NDArray perSample(NDArray prediction, NDArray target) {
        PointPairs.requireClouds(prediction, target, getClass().getSimpleName());
        NDArray all = PointPairs.pairwiseSquared(prediction, target);
        NDArray toTarget = all.argMin(2);
        NDArray toPrediction = all.argMin(1);
        NDArray[] terms = terms(prediction, target, toTarget, toPrediction);
        NDArray d1 = terms[0];
        NDArray d2 = terms[1];
        if (!options.squaredDistance()) {
            d1 = d1.sqrt();
            d2 = d2.sqrt();
        }
        NDArray m1 = d1.mean(new int[] {1});
        NDArray m2 = d2.mean(new int[] {1});
        return options.extended() ? m1.maximum(m2) : m1.add(m2).mul(0.5f);
    }

    /** The per-point terms of both directions; plain Chamfer uses the squared nearest-neighbour distances. */
    protected NDArray[] terms(NDArray prediction, NDArray target, NDArray toTarget, NDArray toPrediction) {
        return new NDArray[] {PointPairs.matchedSquared(prediction, target, toTarget),
            PointPairs.matchedSquared(target, prediction, toPrediction)};
    }
}
