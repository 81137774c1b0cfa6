package dev.flemme4j.protocol.diffusion;

/** Progress of a sampling run; called on the sampling thread after every step. */
@FunctionalInterface
public interface SamplingListener {
    /**
     * @param step       1-based number of the finished step
     * @param total      steps in the run
     * @param predicted0 the current prediction of the clean sample x̂0 (n samples, flat); do not keep it
     */
    void onStep(int step, int total, float[] predicted0);
}
