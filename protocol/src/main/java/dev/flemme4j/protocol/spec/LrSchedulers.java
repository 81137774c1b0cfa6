package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Declared;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The registry of {@code lr_scheduler.name} with PyTorch's defaults ({@code max_epoch} fills LinearLR's
 * {@code total_iters} and CosineAnnealingLR's {@code T_max}, as Flemme does); {@link LrSchedulerSpec} reads them.
 */
public final class LrSchedulers {
    private static final String STEPPED = "the worker steps the schedule itself, once per epoch after warm-up";
    private static final KeySet COMMON = KeySet.of(Key.required("name", NAME, "the scheduler"),
            Key.of("last_epoch", INT, "-1", "PyTorch's resume position").withoutEffect(STEPPED),
            Key.of("verbose", ANY, "false", "PyTorch's logging flag").withoutEffect(STEPPED));

    public static final ComponentKind<Declared> KIND = new ComponentKind<Declared>("lr_scheduler", "LR scheduler",
            "learning-rate schedulers (lr_scheduler.name), stepped per epoch")
            .register(Declared.of("LinearLR", "linear factor from start_factor to end_factor", COMMON.plus(
                    Key.of("start_factor", NUMBER, "1/3", "factor at epoch 0"),
                    Key.of("end_factor", NUMBER, "1.0", "factor after total_iters"),
                    Key.of("total_iters", INT, "max_epoch", "epochs of the ramp"))))
            .register(Declared.of("StepLR", "multiply by gamma every step_size epochs", COMMON.plus(
                    Key.required("step_size", INT, "epochs per decay"),
                    Key.of("gamma", NUMBER, "0.1", "decay factor"))))
            .register(Declared.of("ExponentialLR", "multiply by gamma every epoch", COMMON.plus(
                    Key.required("gamma", NUMBER, "decay factor"))))
            .register(Declared.of("CosineAnnealingLR", "cosine from the base rate to eta_min over T_max epochs",
                    COMMON.plus(Key.of("T_max", INT, "max_epoch", "epochs of a half cosine"),
                            Key.of("eta_min", NUMBER, "0.0", "the lowest learning rate"))))
            .register(Declared.of("ConstantLR", "a constant factor for total_iters epochs, then 1", COMMON.plus(
                    Key.of("factor", NUMBER, "1/3", "the factor"),
                    Key.of("total_iters", INT, "5", "epochs at the factor"))));

    private LrSchedulers() {
    }
}
