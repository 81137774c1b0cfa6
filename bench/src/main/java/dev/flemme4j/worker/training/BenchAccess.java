package dev.flemme4j.worker.training;

import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import dev.flemme4j.protocol.spec.OptimizerSpec;

/**
 * Bench-only bridge (lives in the bench module, same package as the worker's training loop) to the worker's package-private
 * training pieces, so the benchmark times exactly what {@code OptimizerStep} runs: {@link TorchAdam}
 * and {@link Gradients#zero}. Not part of the worker jar.
 */
public final class BenchAccess {
    private BenchAccess() {
    }

    /** The worker's torch-exact Adam at a fixed learning rate. */
    public static Optimizer torchAdam(OptimizerSpec spec) {
        return new TorchAdam(spec, new MutableRateTracker((float) spec.lr()));
    }

    /** The worker's gradient reset (torch's {@code zero_grad(set_to_none=False)}). */
    public static void zeroGradients(Trainer trainer) {
        Gradients.zero(trainer);
    }
}
