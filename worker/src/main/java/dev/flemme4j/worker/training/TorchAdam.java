package dev.flemme4j.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import dev.flemme4j.protocol.spec.OptimizerSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam / AdamW with PyTorch's exact update rule, written here rather than using DJL's Adam because a
 * checkpoint must carry the moment estimates (DJL keeps them private) and because Flemme configs assume
 * torch semantics: Adam's weight_decay is L2 added to the gradient, AdamW's is decoupled.
 *
 * <p>DJL calls {@link #update} outside any gradient recording, so in-place updates of the weights are safe.
 */
public final class TorchAdam extends Optimizer {
    private final MutableRateTracker rate;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    public TorchAdam(OptimizerSpec spec, MutableRateTracker rate) {
        super(new Builder());
        this.rate = rate;
        this.beta1 = (float) spec.beta1();
        this.beta2 = (float) spec.beta2();
        this.eps = (float) spec.eps();
        this.weightDecay = (float) spec.weightDecay();
        this.decoupled = spec.name().equals("AdamW");
    }

    /**
     * One native call per parameter (DJL's fused {@code adamUpdate}: L2 or decoupled decay, both moment updates
     * and {@code w -= c·m/(√v + ε')}) instead of a dozen small array ops: that bookkeeping was a measurable part
     * of the step (see bench/README.md). Torch's {@code w -= lr/bc1 · m/(√v/√bc2 + ε)} is the same update with
     * {@code c = lr·√bc2/bc1} and {@code ε' = ε·√bc2}.
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = rate.get();
        int t = steps.merge(parameterId, 1, Integer::sum);
        NDArray m = firstMoments.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = secondMoments.computeIfAbsent(parameterId, k -> weight.zerosLike());
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        // rescale 1 and clip -1: no rescaling or element-wise clipping (clip_grad is a global norm, done before)
        JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) m, (PtNDArray) v, lr,
                (float) (lr * sqrtBc2 / bc1), weightDecay, 1f, -1f, beta1, beta2, (float) (eps * sqrtBc2), decoupled);
    }

    /**
     * Each moment array with its key ({@code m/<param id>} or {@code v/<param id>}), for callers that rewrite them
     * in place (replicas averaging their optimizer state); only parameters updated at least once have moments.
     */
    public void forEachMoment(java.util.function.BiConsumer<String, NDArray> action) {
        firstMoments.forEach((id, m) -> action.accept("m/" + id, m));
        secondMoments.forEach((id, v) -> action.accept("v/" + id, v));
    }

    /** Moment estimates and step counts as a tensor record (names {@code m/<param>}, {@code v/<param>}). */
    public TensorRecord state() {
        return state(java.util.function.Function.identity());
    }

    /**
     * The state with each parameter id renamed by {@code name}: DJL parameter ids are random per model instance,
     * so a checkpoint that another process resumes stores stable parameter names instead.
     */
    public TensorRecord state(java.util.function.Function<String, String> name) {
        List<NamedTensor> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : firstMoments.entrySet()) {
            String id = e.getKey();
            String key = name.apply(id);
            out.add(NamedTensor.ofFloats("m/" + key, e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
            NDArray v = secondMoments.get(id);
            out.add(NamedTensor.ofFloats("v/" + key, v.getShape().getShape(), v.toFloatArray()));
            out.add(NamedTensor.ofLongs("t/" + key, new long[] {1}, new long[] {steps.get(id)}));
        }
        return TensorRecord.of(out);
    }

    /** Restores {@link #state()} output; arrays are created on {@code manager}'s device. */
    public void restore(TensorRecord state, NDManager manager) {
        restore(state, manager, java.util.function.Function.identity());
    }

    /** Restores a {@link #state(java.util.function.Function)} output, mapping stored names back to ids. */
    public void restore(TensorRecord state, NDManager manager, java.util.function.Function<String, String> id) {
        for (NamedTensor t : state.tensors()) {
            String name = t.name();
            String key = name.substring(2);
            switch (name.substring(0, 2)) {
                case "m/" -> firstMoments.put(id.apply(key), manager.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(t.shape())));
                case "v/" -> secondMoments.put(id.apply(key), manager.create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(t.shape())));
                case "t/" -> steps.put(id.apply(key), (int) t.toLongArray()[0]);
                default -> throw new IllegalArgumentException("unexpected optimizer state entry " + name);
            }
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
