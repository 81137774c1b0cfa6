package dev.flemme4j.worker.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.flemme4j.worker.data.Sample;
import java.util.List;

/**
 * A gradient step with any {@link TrainingObjective}: zero the gradients, record the objective's loss, back-propagate,
 * clip the global norm when {@code clip_grad} asks, update. All arrays of the step live in a sub-manager closed at
 * the end, so a long run does not grow native memory.
 */
public final class OptimizerStep implements BatchStep {
    private final Trainer trainer;
    private final TrainingObjective objective;
    private final Device device;
    private final double clipGrad;

    public OptimizerStep(Trainer trainer, TrainingObjective objective, Device device, double clipGrad) {
        this.trainer = trainer;
        this.objective = objective;
        this.device = device;
        this.clipGrad = clipGrad;
    }

    @Override
    public float apply(List<Sample> batch) {
        try (NDManager scope = trainer.getManager().newSubManager(device)) {
            Gradients.zero(trainer);
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = objective.loss(trainer, scope, batch);
                gc.backward(l);
                loss = l.getFloat();
            }
            if (clipGrad > 0) {
                Gradients.clipGlobalNorm(trainer, clipGrad);
            }
            trainer.step();
            return loss;
        }
    }
}
