package dev.flemme4j.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.flemme4j.worker.data.Sample;
import java.util.List;

/**
 * What a training step minimises for one batch. The loop, the optimiser step and the listeners stay the same
 * whatever the objective: the supervised/unsupervised objective of today's models compares the forward pass with
 * what the model says its loss compares against; a diffusion objective would draw timesteps and noise here.
 */
@FunctionalInterface
public interface TrainingObjective {
    /**
     * The scalar loss of {@code batch}, called inside a gradient collector; every array it creates must belong
     * to {@code scope}, which is closed after the step.
     */
    NDArray loss(Trainer trainer, NDManager scope, List<Sample> batch);
}
