package dev.flemme4j.worker.training;

import ai.djl.training.tracker.Tracker;

/**
 * DJL asks its tracker for a rate by update count only; Flemme's schedule depends on epoch and iteration, so
 * the training loop computes the rate and parks it here before each step.
 */
public final class MutableRateTracker implements Tracker {
    private volatile float rate;

    public MutableRateTracker(float initial) {
        this.rate = initial;
    }

    public void set(double r) {
        this.rate = (float) r;
    }

    public float get() {
        return rate;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rate;
    }
}
