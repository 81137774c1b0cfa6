package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's conditional VAE (src/test/resources/upstream/mnist_train_cnn_cvae.yaml; its count is checked in
 * {@link UpstreamConfigsTest}) runs with its condition: the ONNX export with inputs {@code input, c} matches DJL,
 * the condition changes the reconstruction, and a training step with {@code [x, c]} is finite and reaches both
 * condition embedders.
 */
class ConditionalVaeTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConditionalVaeTest.class);

    private static FlemmeModel build(int seed) throws IOException {
        Engine.getInstance().setRandomSeed(seed);
        return ModelFactory.create(ModelSpecs.parseBuildable(UpstreamConfigsTest.model("mnist_train_cnn_cvae.yaml")), Device.cpu());
    }

    /** One-hot rows of the given digits, shaped as the model's c input. */
    private static NDArray digits(NDManager m, FlemmeModel model, int... labels) {
        float[] rows = new float[labels.length * 10];
        for (int i = 0; i < labels.length; i++) {
            rows[i * 10 + labels[i]] = 1f;
        }
        return m.create(rows, model.inputShape(ModelSpec.CONDITION, labels.length));
    }

    @Test
    void onnxExportWithConditionMatchesDjl() throws Exception {
        try (FlemmeModel model = build(31)) {
            double diff = OnnxParityTest.maxAbsDiff(model, OnnxExport.toBytes(model), 2);
            LOG.info("CVAE: max |ORT - DJL| = {}", diff);
            assertTrue(diff <= 1e-4, "max |diff| " + diff);
        }
    }

    @Test
    void conditionChangesTheReconstruction() throws Exception {
        try (FlemmeModel model = build(32); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomNormal(model.inputShape(2));
            NDArray three = model.predict(new NDList(x, digits(m, model, 3, 3)));
            NDArray seven = model.predict(new NDList(x, digits(m, model, 7, 7)));
            assertArrayEquals(new long[] {2, 1, 32, 32}, three.getShape().getShape());
            assertTrue(three.sub(seven).abs().max().getFloat() > 1e-5, "c had no effect on the reconstruction");
        }
    }

    @Test
    void trainingStepWithConditionIsFiniteAndReachesBothEmbedders() throws Exception {
        try (FlemmeModel model = build(33)) {
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-4f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                for (int s = 0; s < 2; s++) {
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDArray x = step.randomNormal(model.inputShape(4));
                        NDArray c = digits(step, model, 0, 3, 7, 9);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList prediction = trainer.forward(new NDList(x, c));
                            NDArray loss = model.trainingLoss().evaluate(model.lossLabels(x, null), prediction);
                            float value = loss.getFloat();
                            LOG.info("CVAE step {}: loss {} {}", s, value, model.lastLossTerms());
                            assertTrue(Float.isFinite(value), "loss " + value);
                            gc.backward(loss);
                        }
                        if (s == 0) {
                            assertEquals(2, embedderParametersWithGradient(model));
                        }
                        trainer.step();
                    }
                }
            }
        }
    }

    /**
     * Checks every embedder gradient is finite and counts the output biases (dense2) with a non-zero one; a
     * weight's gradient may be zero when the 1-unit ReLU of the encoder-side embedder is off for every digit.
     */
    private static int embedderParametersWithGradient(FlemmeModel model) {
        int n = 0;
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            String name = p.getKey();
            if (name.contains("en_cemb") || name.contains("de_cemb")) {
                float norm = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(Float.isFinite(norm), name + " got gradient norm " + norm);
                if (name.contains("dense2") && name.endsWith("bias")) {
                    assertTrue(norm > 0, name + " got no gradient");
                    n++;
                }
            }
        }
        return n;
    }
}
