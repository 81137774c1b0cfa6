package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

class GradientsTest {
    @Test
    void zeroClearsGradientsIncludingNonFiniteOnesAndToleratesParametersWithoutGradientYet() {
        try (Model model = Model.newInstance("g", Device.cpu(), "PyTorch")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3));
                Gradients.zero(trainer); // no backward pass yet: nothing to clear, must not fail
                try (NDManager m = trainer.getManager().newSubManager()) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray out = trainer.forward(new NDList(m.create(new float[] {1e30f, 1e30f, 1e30f}, new Shape(1, 3)))).head();
                        gc.backward(out.mul(out).mul(1e30f).sum());
                    }
                    NDArray w = model.getBlock().getParameters().get("weight").getArray();
                    float[] before = w.getGradient().toFloatArray();
                    assertTrue(!Float.isFinite(before[0]), "the test needs an overflowed gradient, got " + before[0]);
                    Gradients.zero(trainer);
                    assertArrayEquals(new float[6], w.getGradient().toFloatArray(), 0f);
                }
            }
        }
    }

}
