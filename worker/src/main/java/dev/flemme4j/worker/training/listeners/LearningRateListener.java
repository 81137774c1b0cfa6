package dev.flemme4j.worker.training.listeners;

import dev.flemme4j.worker.training.LearningRateSchedule;
import dev.flemme4j.worker.training.MutableRateTracker;
import dev.flemme4j.worker.training.TrainingListener;
import dev.flemme4j.worker.training.TrainingState;

/** Sets each step's learning rate from the job's schedule (warm-up, then {@code lr_scheduler}). */
public final class LearningRateListener implements TrainingListener {
    private final LearningRateSchedule schedule;
    private final MutableRateTracker rate;

    public LearningRateListener(LearningRateSchedule schedule, MutableRateTracker rate) {
        this.schedule = schedule;
        this.rate = rate;
    }

    @Override
    public void beforeStep(TrainingState state) {
        rate.set(schedule.rate(state.epoch(), (int) state.stepInEpoch(), state.itersPerEpoch()));
    }
}
