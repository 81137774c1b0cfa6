package dev.flemme4j.modelzoo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;

/** Runs Adam steps the way the worker will: each step's arrays in a sub-manager closed after the step. */
final class TrainingSteps {
    private TrainingSteps() {
    }

    /** Returns the total loss of each step. */
    static List<Float> run(FlemmeModel model, SyntheticSegmentation data, int steps, int batch, int size, float lr) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                .optDevices(new Device[] {Device.cpu()});
        List<Float> losses = new ArrayList<>();
        try (Trainer trainer = model.djlModel().newTrainer(config)) {
            for (int s = 0; s < steps; s++) {
                try (NDManager step = trainer.getManager().newSubManager()) {
                    NDArray[] xy = data.batch(step, batch, size);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList prediction = trainer.forward(new NDList(xy[0]));
                        NDArray loss = model.trainingLoss().evaluate(new NDList(xy[1]), prediction);
                        losses.add(loss.getFloat());
                        gc.backward(loss);
                    }
                    trainer.step();
                }
            }
        }
        return losses;
    }
}
