package dev.flemme4j.cli.console;

import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A job's state as one line of text: the state, a bar, epoch, step, loss, samples/s, the last validation score
 * and the time left. When the line must fit a terminal, the bar narrows first, then the least needed parts go
 * (validation score, samples/s, step, loss), then the bar; the state, epoch, ETA and any error stay longest.
 */
public final class ProgressRenderer {
    static final int BAR = 24;
    static final int MIN_BAR = 10;
    /** Validation metrics worth a place on the line, the first one present is shown. */
    private static final List<String> SCORES = List.of("Dice", "ACC", "PSNR", "val_loss");

    private ProgressRenderer() {
    }

    /** Without width limit or ETA (e.g. one line per job in {@code flemme status}). */
    public static String render(JobState s) {
        return render(s, null, Integer.MAX_VALUE);
    }

    /**
     * @param eta   time left, or null to leave it out
     * @param width at most this many characters
     */
    public static String render(JobState s, Duration eta, int width) {
        Parts parts = parts(s, eta);
        for (int bar = BAR; bar >= MIN_BAR; bar--) {
            String line = parts.join(bar);
            if (line.length() <= width) {
                return line;
            }
        }
        while (parts.dropOne()) {
            String line = parts.join(MIN_BAR);
            if (line.length() <= width) {
                return line;
            }
        }
        String line = parts.join(0);
        return line.length() <= width ? line : line.substring(0, Math.max(0, width));
    }

    private static Parts parts(JobState s, Duration eta) {
        JobProgress p = s.progress();
        Parts parts = new Parts(String.format(Locale.ROOT, "%-10s", s.state()), p.maxSteps() > 0 ? p.fraction() : -1);
        if (p.maxSteps() > 0) {
            parts.epoch = String.format(Locale.ROOT, "epoch %d/%d", p.epoch(), p.maxEpoch());
            parts.step = String.format(Locale.ROOT, "step %d/%d", p.step(), p.maxSteps());
            if (!Double.isNaN(p.loss())) {
                parts.loss = String.format(Locale.ROOT, "loss %.4f", p.loss());
            }
            if (p.samplesPerSecond() > 0) {
                parts.rate = String.format(Locale.ROOT, "%.1f samples/s", p.samplesPerSecond());
            }
        } else {
            parts.epoch = waitingFor(s);
        }
        for (String name : SCORES) {
            Double v = s.metrics().get(name);
            if (v != null) {
                parts.score = String.format(Locale.ROOT, "val %s %.3f", name, v);
                break;
            }
        }
        if (eta != null) {
            parts.eta = "ETA " + EtaEstimate.format(eta);
        }
        if (s.error() != null) {
            parts.error = "error at " + (s.error().path().isEmpty() ? "<document>" : s.error().path()) + ": "
                    + s.error().message();
        }
        return parts;
    }

    /** What a job is waiting for before its first step, for a newcomer watching the line. */
    private static String waitingFor(JobState s) {
        return switch (s.state()) {
            case SUBMITTED -> "waiting for the coordinator to check the job";
            case INGESTING -> "streaming the dataset into Kafka";
            case QUEUED -> "waiting for a worker";
            case RUNNING -> "starting";
            default -> null;
        };
    }

    /** The line's pieces; optional ones are null. */
    private static final class Parts {
        final String state;
        final double fraction;
        String epoch;
        String step;
        String loss;
        String rate;
        String score;
        String eta;
        String error;

        Parts(String state, double fraction) {
            this.state = state;
            this.fraction = fraction;
        }

        /** Drops the least needed optional part; false when none is left to drop. */
        boolean dropOne() {
            if (score != null) {
                score = null;
            } else if (rate != null) {
                rate = null;
            } else if (step != null) {
                step = null;
            } else if (loss != null) {
                loss = null;
            } else {
                return false;
            }
            return true;
        }

        /** The line with a bar {@code bar} characters wide inside its brackets (0: no bar). */
        String join(int bar) {
            StringBuilder b = new StringBuilder(state);
            String sep = " ";
            if (fraction >= 0 && bar > 0) {
                int filled = (int) Math.round(fraction * bar);
                b.append(sep).append('[').append("#".repeat(filled)).append(".".repeat(bar - filled)).append(']');
            }
            for (String f : new String[] {epoch, step, loss, rate, score, eta, error}) {
                if (f != null) {
                    b.append(sep).append(f);
                    // the bar and the first field sit one space apart, the fields two
                    sep = "  ";
                }
            }
            return b.toString().stripTrailing();
        }
    }
}
