package dev.flemme4j.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Keys accepted without effect become warnings, never silence; names flemme4j cannot run are refused. */
class JobKeysTest {
    private static final String JOB = """
            mode: train
            model: {name: SeM}
            loader:
              dataset: {name: ImgSegDataset, data_path: data}
              batch_size: 2
            """;

    @Test
    void writeAfterItersIsAWarning() {
        TrainJobSpec spec = TrainJobSpec.parse(JOB + "optimizer: {name: Adam}\nwrite_after_iters: 10\n");
        assertTrue(spec.warnings().contains("write_after_iters: accepted for Flemme compatibility, no effect in flemme4j yet"),
                spec.warnings().toString());
    }

    @Test
    void momentumOfAdamIsAWarning() {
        TrainJobSpec spec = TrainJobSpec.parse(JOB + "optimizer: {name: AdamW, lr: 0.01, momentum: 0.9}\n");
        assertEquals(1e-2, spec.optimizer().weightDecay());
        assertTrue(spec.warnings().stream().anyMatch(w -> w.startsWith("optimizer.momentum: ")), spec.warnings().toString());
    }

    @Test
    void sgdIsRefusedRatherThanTrainedWithAdam() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainJobSpec.parse(JOB + "optimizer: {name: SGD, lr: 0.1}\n"));
        assertEquals("optimizer.name", e.path());
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void aMissingOptimizerNameListsTheChoices() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainJobSpec.parse(JOB + "optimizer: {lr: 0.1}\n"));
        assertEquals("optimizer.name", e.path());
        assertTrue(e.getMessage().contains("one of Adam, AdamW"), e.getMessage());
    }

    @Test
    void schedulerKeysWithoutEffectAreWarnings() {
        TrainJobSpec spec = TrainJobSpec.parse(JOB + "optimizer: {name: Adam}\nlr_scheduler: {name: StepLR, step_size: 2, verbose: true}\n");
        assertEquals(2, spec.lrScheduler().stepSize());
        assertTrue(spec.warnings().stream().anyMatch(w -> w.startsWith("lr_scheduler.verbose: ")), spec.warnings().toString());
    }
}
