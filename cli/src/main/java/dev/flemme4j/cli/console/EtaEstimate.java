package dev.flemme4j.cli.console;

import java.time.Duration;
import java.util.Locale;

/**
 * Time left for a job, from how fast its fraction of steps has grown since this process first saw it move. The
 * average over the whole run so far, not the last step's pace: validation passes and checkpoints belong to the
 * remaining time as much as training steps do, and the average does not jump with each noisy step.
 */
public final class EtaEstimate {
    /** Below this much observed progress the rate says too little to print a time. */
    static final double MIN_PROGRESS = 0.005;
    /** ... and below this much observed time. */
    static final long MIN_MILLIS = 2_000;
    private long startMillis = -1;
    private double startFraction;
    private double fraction;
    private long nowMillis;

    /** Records {@code fraction} (0..1 of all steps) at time {@code nowMillis}. */
    public void observe(double fraction, long nowMillis) {
        if (startMillis < 0 || fraction < startFraction) {
            // first sighting, or a restarted job (its steps count from 0 again)
            startMillis = nowMillis;
            startFraction = fraction;
        }
        this.fraction = fraction;
        this.nowMillis = nowMillis;
    }

    /** Time left, or null while there is not enough to go on. */
    public Duration remaining() {
        if (startMillis < 0) {
            return null;
        }
        if (fraction >= 1) {
            return Duration.ZERO;
        }
        double done = fraction - startFraction;
        long elapsed = nowMillis - startMillis;
        if (done < MIN_PROGRESS || elapsed < MIN_MILLIS) {
            return null;
        }
        return Duration.ofMillis(Math.round(elapsed * (1 - fraction) / done));
    }

    /** "45s", "3m05s", "1h02m". */
    public static String format(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        long m = (s + 30) / 60;
        return String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60);
    }
}
