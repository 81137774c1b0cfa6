package dev.flemme4j.worker.training;

/**
 * Everything around the optimisation itself: checkpoints, validation, progress events, metrics, divergence
 * checks, the learning-rate schedule, export. The loop calls listeners in registration order, so a listener may
 * rely on one registered before it (the checkpoint listener reads the validation listener's scores). A listener
 * stops the run by throwing (a failure) or with {@link TrainingState#requestStop} (an orderly end).
 */
public interface TrainingListener {
    default void onTrainingStart(TrainingState state) {
    }

    default void onEpochStart(TrainingState state) {
    }

    /** Just before a step: the place to set the step's learning rate. */
    default void beforeStep(TrainingState state) {
    }

    /** After a step; {@code state} already counts it. */
    default void onStep(TrainingState state, StepResult step) {
    }

    /** After the epoch's last step, before the epoch counter moves on. */
    default void onEpochEnd(TrainingState state) {
    }

    /** Once, when the run ended by its limits (not when cancelled or failed). */
    default void onTrainingEnd(TrainingState state) {
    }
}
