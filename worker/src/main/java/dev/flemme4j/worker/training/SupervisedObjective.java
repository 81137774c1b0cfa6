package dev.flemme4j.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.worker.data.Sample;
import java.util.List;

/**
 * The objective of the classic architectures: the model's training loss between its forward pass and what the
 * model says it compares against (the label, or the input itself for an unsupervised auto-encoder).
 */
public final class SupervisedObjective implements TrainingObjective {
    private final FlemmeModel model;

    public SupervisedObjective(FlemmeModel model) {
        this.model = model;
    }

    @Override
    public NDArray loss(Trainer trainer, NDManager scope, List<Sample> batch) {
        NDArray x = BatchTensors.stack(scope, batch, true);
        NDArray y = BatchTensors.stack(scope, batch, false);
        NDList pred = trainer.forward(new NDList(x));
        return trainer.getLoss().evaluate(model.lossLabels(x, y), pred);
    }
}
