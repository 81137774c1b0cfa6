package dev.flemme4j.modelzoo.loss.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.loss.SampleLoss;
import java.util.Arrays;

/**
 * Upstream {@code EMD}: the one-to-one matching of two equally sized clouds that minimises the summed squared
 * distances, then per sample the mean over points of the matched squared distances (their square roots with
 * {@code squared_distance: false}) → {@code (B)}. Upstream approximates the matching with a CUDA auction
 * ({@code eps}, {@code iters}) that need not be a bijection; here it is solved exactly on the CPU each step
 * ({@link LinearAssignment}, O(N³) worst case) and the loss is differentiated through the matched pairs.
 */
public final class EmdLoss implements SampleLoss {
    private final PointLossOptions options;

    public EmdLoss(PointLossOptions options) {
        this.options = options;
    }

    @Override
    public NDArray perSample(NDArray prediction, NDArray target) {
        PointPairs.requireClouds(prediction, target, "EMD");
        if (prediction.getShape().get(1) != target.getShape().get(1)) {
            throw new IllegalArgumentException("EMD matches points one to one; the prediction has " + prediction.getShape().get(1)
                    + " points and the target " + target.getShape().get(1));
        }
        NDArray index = assignment(prediction, target);
        NDArray d = PointPairs.matchedSquared(prediction, target, index);
        if (!options.squaredDistance()) {
            d = d.sqrt();
        }
        return d.mean(new int[] {1});
    }

    /** For each predicted point the index of its target partner under the optimal matching: {@code (B, N)} int64. */
    static NDArray assignment(NDArray prediction, NDArray target) {
        int batch = (int) prediction.getShape().get(0);
        int n = (int) prediction.getShape().get(1);
        float[] all = PointPairs.pairwiseSquared(prediction, target).toFloatArray();
        long[] index = new long[batch * n];
        for (int b = 0; b < batch; b++) {
            int[] match = LinearAssignment.solve(Arrays.copyOfRange(all, b * n * n, (b + 1) * n * n), n);
            for (int i = 0; i < n; i++) {
                index[b * n + i] = match[i];
            }
        }
        return prediction.getManager().create(index, new Shape(batch, n));
    }
}
