package dev.flemme4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Experiment (candidate replacement for the body of the worker's TorchAdam.update): the same torch update rule
 * in ONE native call per parameter, DJL's {@code JniUtils.adamUpdate} (libdjl_torch: clone grad, [L2 | decoupled
 * decay], m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g², w -= c·m / (√v + ε')). Torch's
 * {@code w -= lr/bc1 · m / (√v/√bc2 + ε)} is the same with {@code c = lr·√bc2/bc1} and {@code ε' = ε·√bc2}.
 * Moments stay in our own maps (checkpointable), exactly as in TorchAdam.
 */
final class FusedTorchAdam extends Optimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Map<String, NDArray> m = new HashMap<>();
    private final Map<String, NDArray> v = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    FusedTorchAdam(float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        super(new Builder());
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public void update(String id, NDArray weight, NDArray grad) {
        int t = steps.merge(id, 1, Integer::sum);
        NDArray mean = m.computeIfAbsent(id, k -> weight.zerosLike());
        NDArray var = v.computeIfAbsent(id, k -> weight.zerosLike());
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) mean, (PtNDArray) var, lr,
                (float) (lr * sqrtBc2 / bc1), weightDecay, 1f, -1f, beta1, beta2, (float) (eps * sqrtBc2), decoupled);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
