package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A few Adam steps of the reference SeM/UNet on a toy task: the Dice + BCEL loss must fall. */
class TrainingSmokeTest {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSmokeTest.class);

    @Test
    void lossFallsOnToyTask() {
        Engine.getInstance().setRandomSeed(1);
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(TestConfigs.semUNet("normalization: batch")), Device.cpu())) {
            long start = System.nanoTime();
            List<Float> losses = TrainingSteps.run(model, new SyntheticSegmentation(3), 8, 4, 64, 1e-3f);
            double msPerStep = (System.nanoTime() - start) / 1e6 / losses.size();
            LOG.info("losses {} ({} ms/step at b4 64²)", losses, Math.round(msPerStep));
            Map<String, Float> terms = model.lastLossTerms();
            assertEquals(List.of("Dice", "BCEL"), List.copyOf(terms.keySet()));
            float firstTwo = (losses.get(0) + losses.get(1)) / 2;
            float lastTwo = (losses.get(6) + losses.get(7)) / 2;
            assertTrue(lastTwo < firstTwo, "loss did not fall: " + losses);
            assertTrue(terms.values().stream().allMatch(v -> Float.isFinite(v) && v > 0), terms.toString());
        }
    }
}
