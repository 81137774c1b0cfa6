package dev.flemme4j.worker.training;

/**
 * Where a run stands, owned and advanced by the {@link TrainingLoop}; listeners read it and may ask it to stop.
 * Epochs are counted from 0 here ({@link #epochNumber()} gives Flemme's 1-based number); {@link #step()} is the
 * global optimisation step count, so a resumed run continues from the step its checkpoint recorded.
 */
public final class TrainingState {
    private final int maxEpoch;
    private final long maxSteps;
    private final int itersPerEpoch;
    private int epoch;
    private long step;
    private long stepInEpoch;
    private long samplesInEpoch;
    private double lossSumInEpoch;
    private long epochStartNanos = System.nanoTime();
    private double lastLoss = Double.NaN;
    private double epochMeanLoss = Double.NaN;
    private double epochSamplesPerSecond;
    private volatile String stopReason;

    public TrainingState(int maxEpoch, long maxSteps, int itersPerEpoch) {
        this.maxEpoch = maxEpoch;
        this.maxSteps = maxSteps;
        this.itersPerEpoch = itersPerEpoch;
    }

    private long resumedStepInEpoch;

    /** Starts counting from a checkpoint's position instead of from zero. */
    public TrainingState resumeAt(int epoch, long step) {
        return resumeAt(epoch, step, 0);
    }

    /** Starts inside epoch {@code epoch + 1}, {@code stepInEpoch} steps into it (a mid-epoch checkpoint). */
    public TrainingState resumeAt(int epoch, long step, long stepInEpoch) {
        this.epoch = epoch;
        this.step = step;
        this.resumedStepInEpoch = stepInEpoch;
        return this;
    }

    void beginEpoch() {
        stepInEpoch = resumedStepInEpoch;
        resumedStepInEpoch = 0;
        samplesInEpoch = 0;
        lossSumInEpoch = 0;
        epochStartNanos = System.nanoTime();
    }

    void recordStep(float loss, int samples) {
        step++;
        stepInEpoch++;
        samplesInEpoch += samples;
        lossSumInEpoch += loss;
        lastLoss = loss;
    }

    void endEpoch() {
        epochMeanLoss = stepInEpoch == 0 ? Double.NaN : lossSumInEpoch / stepInEpoch;
        epochSamplesPerSecond = samplesPerSecond();
    }

    void nextEpoch() {
        epoch++;
    }

    /** Asks the loop to stop after the current step (no further batches, epoch-end callbacks still run). */
    public void requestStop(String reason) {
        stopReason = reason;
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    public int epoch() {
        return epoch;
    }

    public int epochNumber() {
        return epoch + 1;
    }

    public int maxEpoch() {
        return maxEpoch;
    }

    public long step() {
        return step;
    }

    public long maxSteps() {
        return maxSteps;
    }

    public int itersPerEpoch() {
        return itersPerEpoch;
    }

    /** Steps done in the current epoch so far. */
    public long stepInEpoch() {
        return stepInEpoch;
    }

    public double lastLoss() {
        return lastLoss;
    }

    /** Mean loss of the epoch that just ended (NaN before the first one). */
    public double epochMeanLoss() {
        return epochMeanLoss;
    }

    /** Wall-clock throughput of the current epoch, including reading and decoding, not just the compute. */
    public double samplesPerSecond() {
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        return seconds == 0 ? 0 : samplesInEpoch / seconds;
    }

    /** Throughput of the epoch that just ended, frozen when it ended. */
    public double epochSamplesPerSecond() {
        return epochSamplesPerSecond;
    }

    public boolean stepLimitReached() {
        return step >= maxSteps;
    }

    /** At epoch end: whether this was the run's last epoch (by epoch count or by the step limit). */
    public boolean isLastEpoch() {
        return epoch + 1 >= maxEpoch || stepLimitReached() || stopRequested();
    }

    /** At epoch end: Flemme's "every {@code n} epochs, and always after the last". */
    public boolean epochDue(int every) {
        return (epoch + 1) % every == 0 || isLastEpoch();
    }
}
