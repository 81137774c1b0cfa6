package dev.flemme4j.protocol.job;

/** Training progress as last reported by the worker. Counts are 1-based for humans (epoch 1 of 10). */
public record JobProgress(int epoch, int maxEpoch, long step, long maxSteps, double loss, double samplesPerSecond,
        double learningRate) {
    public static JobProgress none() {
        return new JobProgress(0, 0, 0, 0, Double.NaN, 0, 0);
    }

    /** Fraction done in [0,1], by steps. */
    public double fraction() {
        return maxSteps <= 0 ? 0 : Math.min(1.0, (double) step / maxSteps);
    }
}
