package dev.flemme4j.worker.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.spec.LrSchedulerSpec;
import dev.flemme4j.protocol.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** Flemme's policy: linear per-iteration warm-up, then the torch scheduler stepped once per epoch. */
class LearningRateScheduleTest {
    private static final OptimizerSpec ADAM = OptimizerSpec.parse(YamlDocument.parse("name: Adam\nlr: 0.001"));

    @Test
    void linearLrGoesFromStartToEndFactorOverMaxEpochLikeTorch() {
        // torch LinearLR(start_factor=1.0, end_factor=0.01, total_iters=4): factors 1, 0.7525, 0.505, 0.2575, 0.01, 0.01
        LrSchedulerSpec s = LrSchedulerSpec.parse(YamlDocument.parse("name: LinearLR\nstart_factor: 1.0\nend_factor: 0.01"), 4);
        LearningRateSchedule lr = new LearningRateSchedule(ADAM, s, 0, 0.05);
        double[] expected = {1e-3, 7.525e-4, 5.05e-4, 2.575e-4, 1e-5, 1e-5};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], lr.rate(e, 3, 10), 1e-12, "epoch " + e);
        }
    }

    @Test
    void warmUpRisesPerIterationThenHandsOverToTheScheduler() {
        LrSchedulerSpec s = LrSchedulerSpec.parse(YamlDocument.parse("name: StepLR\nstep_size: 1\ngamma: 0.5"), 10);
        LearningRateSchedule lr = new LearningRateSchedule(ADAM, s, 2, 0.1);
        assertEquals(1e-4, lr.rate(0, 0, 5), 1e-12);
        assertEquals(1e-4 + 0.9e-3 * 5 / 10, lr.rate(1, 0, 5), 1e-12);
        assertEquals(1e-3, lr.rate(2, 0, 5), 1e-12, "first epoch after warm-up: scheduler step 0");
        assertEquals(5e-4, lr.rate(3, 0, 5), 1e-12);
    }

    @Test
    void withoutSchedulerTheRateIsConstant() {
        LearningRateSchedule lr = new LearningRateSchedule(ADAM, null, 0, 0.05);
        assertEquals(1e-3, lr.rate(7, 2, 3), 0);
    }
}
