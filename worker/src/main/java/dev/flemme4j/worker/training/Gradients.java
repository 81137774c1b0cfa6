package dev.flemme4j.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;

/**
 * Gradient housekeeping DJL's PyTorch engine leaves to the caller. PyTorch accumulates into {@code .grad}
 * across backward passes, and DJL 0.28 only zeroes gradients inside its own native optimizers, so with our
 * torch-exact Adam the gradients must be reset before each step or they grow without bound. Flemme's
 * {@code clip_grad} is torch's clip_grad_norm_ (one global L2 norm); DJL's optClipGrad clips element-wise,
 * a different regulariser, so the global form is done here too.
 */
final class Gradients {
    private Gradients() {
    }

    /**
     * Sets every trainable parameter's gradient to zero, in place (torch's {@code grad.zero_()}): one native call
     * per parameter, and unlike {@code g - g} it also clears a gradient that overflowed to Inf/NaN.
     */
    static void zero(Trainer trainer) {
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (p.getValue().requiresGradient() && a instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            }
        }
    }

    static void clipGlobalNorm(Trainer trainer, double maxNorm) {
        double sumSq = 0;
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            try (NDArray g = p.getValue().getArray().getGradient(); NDArray sq = g.square(); NDArray s = sq.sum()) {
                sumSq += s.getFloat();
            }
        }
        double norm = Math.sqrt(sumSq);
        double scale = maxNorm / (norm + 1e-6);
        if (scale >= 1) {
            return;
        }
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    g.muli((float) scale);
                }
            }
        }
    }
}
